using System.Globalization;
using Flotilla.Units.Environments;
using Flotilla.Units.Exec;

namespace Flotilla.Runner.Supervision;

/// <summary>
/// The environment of one command of a run, in systemd's order: the runner's defaults (PATH, INVOCATION_ID,
/// the agent's variables, NOTIFY_SOCKET, then per-command extras such as MAINPID), Environment=,
/// EnvironmentFile= (read at each exec, as systemd does), UnsetEnvironment=, and last the runner's markers,
/// which a unit cannot remove: the fencing watchdog and leftover killing depend on them.
/// </summary>
internal sealed class RunEnvironment(BuiltInRunnerOptions options, string unitName)
{
    public const string UnitVariable = "FLOTILLA_UNIT";

    public static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    /// <summary><c>$MAINPID</c> while the main process runs; nothing otherwise.</summary>
    public static IReadOnlyDictionary<string, string> MainPid(ServiceRun run) =>
        run.MainPid is { } pid && run.MainAlive
            ? new Dictionary<string, string>(StringComparer.Ordinal) { ["MAINPID"] = pid.ToString(CultureInfo.InvariantCulture) }
            : None;

    /// <summary>Composes the full environment; throws when a required environment file cannot be read.</summary>
    /// <exception cref="IOException">A file is missing or unreadable.</exception>
    /// <exception cref="EnvironmentFileException">A file is malformed.</exception>
    public IReadOnlyDictionary<string, string> Compose(ServiceRun run, IReadOnlyDictionary<string, string> extra)
    {
        var definition = run.Definition;
        var files = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        foreach (var file in definition.EnvironmentFiles)
        {
            if (!File.Exists(file.Path))
            {
                if (file.IsOptional)
                {
                    continue;
                }

                throw new FileNotFoundException($"{file.Path}: No such file or directory", file.Path);
            }

            files.Add(EnvironmentFileParser.Parse(File.ReadAllText(file.Path)));
        }

        return WithMarkers(run, EnvironmentComposer.Compose(Defaults(run, extra), definition.Environment, files, definition.UnsetEnvironment));
    }

    /// <summary>The defaults and markers only: for stop commands when the environment files cannot be read.</summary>
    public IReadOnlyDictionary<string, string> DefaultsOnly(ServiceRun run, IReadOnlyDictionary<string, string> extra) =>
        WithMarkers(run, EnvironmentComposer.Compose(Defaults(run, extra), [], [], []));

    private List<KeyValuePair<string, string>> Defaults(ServiceRun run, IReadOnlyDictionary<string, string> extra)
    {
        var defaults = new List<KeyValuePair<string, string>>
        {
            new("PATH", string.Join(':', options.PathPrepend.Append(ExecProgramResolver.SearchPath))),
            new("INVOCATION_ID", run.InvocationId),
        };
        defaults.AddRange(options.ExtraEnvironment);
        if (run.NotifySocket is { } socket)
        {
            defaults.Add(new("NOTIFY_SOCKET", socket));
        }

        defaults.AddRange(extra);
        return defaults;
    }

    private Dictionary<string, string> WithMarkers(ServiceRun run, IReadOnlyDictionary<string, string> environment) =>
        new(environment, StringComparer.Ordinal)
        {
            [RunnerLeftovers.RunnerIdVariable] = options.RunnerId,
            [UnitVariable] = unitName,
            [ServiceRun.InvocationVariable] = run.InvocationId,
        };
}
