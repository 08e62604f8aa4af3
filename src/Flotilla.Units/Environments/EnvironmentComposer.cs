using System.Collections.ObjectModel;

namespace Flotilla.Units.Environments;

/// <summary>
/// Builds a service's environment in systemd's order, later wins: the runner's defaults, then
/// <c>Environment=</c> assignments, then each <c>EnvironmentFile=</c> in order, and finally
/// <c>UnsetEnvironment=</c>. Keys are compared ordinally. The result keeps the order in which
/// each variable first appeared (a later value replaces an earlier one in place), which makes
/// listings stable and readable.
/// </summary>
public static class EnvironmentComposer
{
    /// <summary>
    /// Composes the environment. <paramref name="unset"/> entries are <c>NAME</c> (remove the
    /// variable) or <c>NAME=VALUE</c> (remove it only if its value is exactly <c>VALUE</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Compose(
        IEnumerable<KeyValuePair<string, string>> defaults,
        IEnumerable<KeyValuePair<string, string>> assignments,
        IEnumerable<IEnumerable<KeyValuePair<string, string>>> files,
        IEnumerable<string> unset)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(unset);

        var environment = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        Apply(environment, defaults);
        Apply(environment, assignments);
        foreach (var file in files)
        {
            Apply(environment, file);
        }

        foreach (var entry in unset)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                environment.Remove(entry);
            }
            else if (environment.TryGetValue(entry[..equals], out var current)
                && string.Equals(current, entry[(equals + 1)..], StringComparison.Ordinal))
            {
                environment.Remove(entry[..equals]);
            }
        }

        return new ReadOnlyDictionary<string, string>(environment);
    }

    private static void Apply(OrderedDictionary<string, string> environment, IEnumerable<KeyValuePair<string, string>> variables)
    {
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }
    }
}
