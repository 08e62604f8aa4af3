using Flotilla.Units.Diagnostics;
using Flotilla.Units.Specifiers;
using Flotilla.Units.Syntax;
using Flotilla.Units.Values;

namespace Flotilla.Units.Registration;

/// <summary>
/// Reads the <c>[X-Register]</c> section (<c>Key=</c>, <c>Value=</c>, <c>HealthCheck=</c>,
/// <c>HealthInterval=</c>; the last assignment of each wins, as in systemd) and checks it.
/// </summary>
public static class ServiceRegistrationReader
{
    public const string Section = "X-Register";

    /// <summary>How often a health check runs when <c>HealthInterval=</c> is not given.</summary>
    public static readonly TimeSpan DefaultHealthInterval = TimeSpan.FromSeconds(10);

    /// <summary>The section's registration, or null when the unit has none or it is invalid (errors go to <paramref name="diagnostics"/>).</summary>
    /// <param name="expander">Expands specifiers (%n, %i, %H, %m...); null leaves the values as written.</param>
    public static ServiceRegistration? Read(UnitFile file, SpecifierExpander? expander, ICollection<UnitDiagnostic> diagnostics)
    {
        if (!file.HasSection(Section))
        {
            return null;
        }

        UnitOption? key = null, value = null, check = null, interval = null;
        int errors = 0;
        foreach (UnitOption option in file.Options)
        {
            if (option.Section != Section)
            {
                continue;
            }

            switch (option.Name)
            {
                case "Key":
                    key = option;
                    break;
                case "Value":
                    value = option;
                    break;
                case "HealthCheck":
                    check = option;
                    break;
                case "HealthInterval":
                    interval = option;
                    break;
                default:
                    Error(option.Line, option.Name, $"unknown option {option.Name} in [{Section}] (expected Key, Value, HealthCheck or HealthInterval)");
                    break;
            }
        }

        string? expandedKey = Expand(key);
        if (key is null || expandedKey is { Length: 0 })
        {
            Error(key?.Line ?? 0, "Key", $"[{Section}] needs a Key=");
        }
        else if (expandedKey is null)
        {
            // The expansion failed and said why.
        }
        else if (!expandedKey.StartsWith('/') || expandedKey.EndsWith('/') || expandedKey.Contains("//", StringComparison.Ordinal))
        {
            Error(key!.Line, "Key", $"Key: \"{expandedKey}\" is not a key path (it must start with '/', not end with '/' and have no empty segment)");
        }

        TimeSpan every = DefaultHealthInterval;
        if (interval is not null && (!SystemdTimeSpan.TryParse(interval.Value, out every) || every <= TimeSpan.Zero))
        {
            Error(interval.Line, "HealthInterval", $"HealthInterval: invalid time span \"{interval.Value}\"");
        }

        string? healthCheck = Expand(check) is { Length: > 0 } text ? text : null;
        return errors > 0 ? null : new ServiceRegistration(expandedKey!, Expand(value) ?? string.Empty, healthCheck, every);

        string? Expand(UnitOption? option)
        {
            if (option is null)
            {
                return null;
            }

            try
            {
                return expander is null ? option.Value : expander.Expand(option.Value);
            }
            catch (UnitValueException e)
            {
                Error(option.Line, option.Name, $"{option.Name}: {e.Message}");
                return null;
            }
        }

        void Error(int line, string optionName, string message)
        {
            errors++;
            diagnostics.Add(new UnitDiagnostic(DiagnosticSeverity.Error, file.FileName, line, optionName, message));
        }
    }
}
