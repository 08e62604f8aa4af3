using Flotilla.Units.Exec;
using Flotilla.Units.Services;
using Flotilla.Units.Values;

namespace Flotilla.Cli.Verify;

/// <summary>The service model in systemd's own spellings (enum values, time spans, signal names).</summary>
internal sealed record ServiceJson(
    string? Description,
    string Type,
    bool RemainAfterExit,
    string? PidFile,
    string Restart,
    string RestartSec,
    string TimeoutStartSec,
    string TimeoutStopSec,
    string KillMode,
    string KillSignal,
    bool SendSigKill,
    string StartLimitIntervalSec,
    int StartLimitBurst,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Dependencies,
    IReadOnlyDictionary<string, IReadOnlyList<ExecCommandJson>> Exec,
    IReadOnlyList<string> Environment,
    IReadOnlyList<string> EnvironmentFiles,
    IReadOnlyList<string> UnsetEnvironment,
    string? WorkingDirectory,
    string? User,
    string? Group)
{
    public static ServiceJson From(ServiceDefinition s) => new(
        s.Description,
        Kebab(s.Type.ToString()),
        s.RemainAfterExit,
        s.PidFile,
        Kebab(s.Restart.ToString()),
        SystemdTimeSpan.Format(s.RestartDelay),
        SystemdTimeSpan.Format(s.StartTimeout),
        SystemdTimeSpan.Format(s.StopTimeout),
        Kebab(s.KillMode.ToString()),
        SignalName.Format(s.KillSignal),
        s.SendSigKill,
        SystemdTimeSpan.Format(s.StartLimitInterval),
        s.StartLimitBurst,
        DependencyMap(s.Dependencies),
        ExecMap(s),
        [.. s.Environment.Select(p => $"{p.Key}={p.Value}")],
        [.. s.EnvironmentFiles.Select(f => (f.IsOptional ? "-" : string.Empty) + f.Path)],
        s.UnsetEnvironment,
        s.WorkingDirectory is { } w ? (w.IsOptional ? "-" : string.Empty) + w.Path : null,
        s.User,
        s.Group);

    private static SortedDictionary<string, IReadOnlyList<string>> DependencyMap(UnitDependencies d)
    {
        var all = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["After"] = d.After,
            ["Before"] = d.Before,
            ["BindsTo"] = d.BindsTo,
            ["Conflicts"] = d.Conflicts,
            ["OnFailure"] = d.OnFailure,
            ["PartOf"] = d.PartOf,
            ["Requires"] = d.Requires,
            ["Requisite"] = d.Requisite,
            ["Wants"] = d.Wants,
        };
        foreach (var empty in all.Where(p => p.Value.Count == 0).Select(p => p.Key).ToList())
        {
            all.Remove(empty);
        }

        return all;
    }

    private static SortedDictionary<string, IReadOnlyList<ExecCommandJson>> ExecMap(ServiceDefinition s)
    {
        var all = new SortedDictionary<string, IReadOnlyList<ExecCommandJson>>(StringComparer.Ordinal);
        Add("ExecCondition", s.ExecCondition);
        Add("ExecStartPre", s.ExecStartPre);
        Add("ExecStart", s.ExecStart);
        Add("ExecStartPost", s.ExecStartPost);
        Add("ExecReload", s.ExecReload);
        Add("ExecStop", s.ExecStop);
        Add("ExecStopPost", s.ExecStopPost);
        return all;

        void Add(string key, IReadOnlyList<ExecCommand> commands)
        {
            if (commands.Count > 0)
            {
                all[key] = [.. commands.Select(ExecCommandJson.From)];
            }
        }
    }

    /// <summary><c>OnFailure</c> -> <c>on-failure</c>, <c>ControlGroup</c> -> <c>control-group</c>.</summary>
    private static string Kebab(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}

internal sealed record ExecCommandJson(string Path, IReadOnlyList<string> Arguments, IReadOnlyList<string> Flags)
{
    public static ExecCommandJson From(ExecCommand command) =>
        new(command.Path, command.Arguments, [.. Enum.GetValues<ExecFlags>().Where(f => f != ExecFlags.None && command.Flags.HasFlag(f)).Select(f => f.ToString())]);
}
