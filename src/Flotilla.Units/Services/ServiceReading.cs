using Flotilla.Units.Diagnostics;
using Flotilla.Units.Environments;
using Flotilla.Units.Exec;
using Flotilla.Units.Names;
using Flotilla.Units.Specifiers;
using Flotilla.Units.Syntax;
using Flotilla.Units.Values;

namespace Flotilla.Units.Services;

/// <summary>The mutable state of reading one service; see <see cref="ServiceDefinitionReader"/>.</summary>
internal sealed class ServiceReading(string fileName, SpecifierExpander expander, ICollection<UnitDiagnostic> diagnostics)
{
    /// <summary>Keys systemd knows that the built-in runner accepts without acting on them.</summary>
    private static readonly HashSet<string> AcceptedUnitKeys = new(StringComparer.Ordinal)
    {
        "Documentation", "DefaultDependencies", "Upholds", "PropagatesReloadTo", "ReloadPropagatedFrom", "JoinsNamespaceOf",
    };

    private static readonly HashSet<string> AcceptedServiceKeys = new(StringComparer.Ordinal)
    {
        "NotifyAccess", "GuessMainPID", "StandardOutput", "StandardError", "SyslogIdentifier",
    };

    private readonly Dictionary<string, List<string>> _dependencies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ExecCommand>> _exec = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> _environment = [];
    private readonly List<EnvironmentFileReference> _environmentFiles = [];
    private readonly List<string> _unsetEnvironment = [];
    private ExitStatusSet _successExitStatus = ExitStatusSet.Empty;
    private ExitStatusSet _restartPreventExitStatus = ExitStatusSet.Empty;
    private ExitStatusSet _restartForceExitStatus = ExitStatusSet.Empty;
    private string? _description;
    private TimeSpan? _startLimitInterval;
    private int? _startLimitBurst;
    private (ServiceType Value, int Line)? _type;
    private bool _remainAfterExit;
    private string? _pidFile;
    private (RestartPolicy Value, int Line)? _restart;
    private TimeSpan? _restartDelay;
    private TimeSpan? _startTimeout;
    private TimeSpan? _stopTimeout;
    private KillMode? _killMode;
    private int? _killSignal;
    private bool? _sendSigKill;
    private WorkingDirectory? _workingDirectory;
    private string? _user;
    private string? _group;
    private bool _hasValueErrors;

    public void ReadUnitOption(UnitOption option)
    {
        try
        {
            ReadUnitValue(option);
        }
        catch (UnitValueException e)
        {
            ValueError(option, e);
        }
    }

    public void ReadServiceOption(UnitOption option)
    {
        try
        {
            ReadServiceValue(option);
        }
        catch (UnitValueException e)
        {
            ValueError(option, e);
        }
    }

    private void ReadUnitValue(UnitOption option)
    {
        switch (option.Name)
        {
            case "Description":
                _description = option.Value.Length == 0 ? null : expander.Expand(option.Value);
                break;
            case "Requires" or "Wants" or "BindsTo" or "Requisite" or "PartOf" or "Conflicts" or "After" or "Before" or "OnFailure":
                AddDependencies(option);
                break;
            case "StartLimitIntervalSec" or "StartLimitInterval":
                _startLimitInterval = option.Value.Length == 0 ? null : SystemdTimeSpan.Parse(option.Value);
                break;
            case "StartLimitBurst":
                _startLimitBurst = option.Value.Length == 0 ? null : ParseCount(option.Value);
                break;
            default:
                WarnUnsupported(option, AcceptedUnitKeys);
                break;
        }
    }

    private void ReadServiceValue(UnitOption option)
    {
        var value = option.Value;
        var empty = value.Length == 0;
        switch (option.Name)
        {
            case "Type":
                _type = empty ? null : (ParseType(value), option.Line);
                break;
            case "RemainAfterExit":
                _remainAfterExit = !empty && SystemdBoolean.Parse(value);
                break;
            case "PIDFile":
                _pidFile = empty ? null : ParsePidFile(expander.Expand(value));
                break;
            case "Restart":
                _restart = empty ? null : (ParseRestart(value), option.Line);
                break;
            case "RestartSec":
                _restartDelay = empty ? null : SystemdTimeSpan.Parse(value);
                break;
            case "TimeoutSec":
                _startTimeout = _stopTimeout = empty ? null : ParseTimeout(value);
                break;
            case "TimeoutStartSec":
                _startTimeout = empty ? null : ParseTimeout(value);
                break;
            case "TimeoutStopSec":
                _stopTimeout = empty ? null : ParseTimeout(value);
                break;
            case "KillMode":
                _killMode = empty ? null : ParseKillMode(value);
                break;
            case "KillSignal":
                _killSignal = empty ? null : SignalName.Parse(value);
                break;
            case "SendSIGKILL":
                _sendSigKill = empty ? null : SystemdBoolean.Parse(value);
                break;
            case "SuccessExitStatus":
                _successExitStatus = empty ? ExitStatusSet.Empty : _successExitStatus.Union(ExitStatusSet.Parse(value));
                break;
            case "RestartPreventExitStatus":
                _restartPreventExitStatus = empty ? ExitStatusSet.Empty : _restartPreventExitStatus.Union(ExitStatusSet.Parse(value));
                break;
            case "RestartForceExitStatus":
                _restartForceExitStatus = empty ? ExitStatusSet.Empty : _restartForceExitStatus.Union(ExitStatusSet.Parse(value));
                break;
            case "ExecCondition" or "ExecStartPre" or "ExecStart" or "ExecStartPost" or "ExecReload" or "ExecStop" or "ExecStopPost":
                AddExec(option);
                break;
            case "Environment":
                ResetOrAdd(_environment, empty, () => EnvironmentAssignments.Parse(expander.Expand(value)));
                break;
            case "EnvironmentFile":
                ResetOrAdd(_environmentFiles, empty, () => [EnvironmentFileReference.Parse(expander.Expand(value))]);
                break;
            case "UnsetEnvironment":
                ResetOrAdd(_unsetEnvironment, empty, () => Environments.UnsetEnvironment.Parse(expander.Expand(value)));
                break;
            case "WorkingDirectory":
                _workingDirectory = empty ? null : ParseWorkingDirectory(expander.Expand(value));
                break;
            case "User":
                _user = empty ? null : expander.Expand(value);
                break;
            case "Group":
                _group = empty ? null : expander.Expand(value);
                break;
            case "StartLimitInterval":
                _startLimitInterval = empty ? null : SystemdTimeSpan.Parse(value);
                break;
            case "StartLimitBurst":
                _startLimitBurst = empty ? null : ParseCount(value);
                break;
            default:
                WarnUnsupported(option, AcceptedServiceKeys);
                break;
        }
    }

    public ServiceDefinition Finish()
    {
        var execStart = Exec("ExecStart");
        var type = _type?.Value ?? (execStart.Count > 0 ? ServiceType.Simple : ServiceType.Oneshot);
        var restart = _restart?.Value ?? RestartPolicy.No;
        var definition = new ServiceDefinition
        {
            Description = _description,
            Dependencies = new UnitDependencies
            {
                Requires = Dependencies("Requires"),
                Wants = Dependencies("Wants"),
                BindsTo = Dependencies("BindsTo"),
                Requisite = Dependencies("Requisite"),
                PartOf = Dependencies("PartOf"),
                Conflicts = Dependencies("Conflicts"),
                After = Dependencies("After"),
                Before = Dependencies("Before"),
                OnFailure = Dependencies("OnFailure"),
            },
            StartLimitInterval = _startLimitInterval ?? TimeSpan.FromSeconds(10),
            StartLimitBurst = _startLimitBurst ?? 5,
            Type = type,
            RemainAfterExit = _remainAfterExit,
            PidFile = _pidFile,
            Restart = restart,
            RestartDelay = _restartDelay ?? TimeSpan.FromMilliseconds(100),

            // A oneshot service may run as long as it needs unless told otherwise (systemd.service(5)).
            StartTimeout = _startTimeout ?? (type == ServiceType.Oneshot ? SystemdTimeSpan.Infinity : TimeSpan.FromSeconds(90)),
            StopTimeout = _stopTimeout ?? TimeSpan.FromSeconds(90),
            KillMode = _killMode ?? KillMode.ControlGroup,
            KillSignal = _killSignal ?? 15,
            SendSigKill = _sendSigKill ?? true,
            SuccessExitStatus = _successExitStatus,
            RestartPreventExitStatus = _restartPreventExitStatus,
            RestartForceExitStatus = _restartForceExitStatus,
            ExecCondition = Exec("ExecCondition"),
            ExecStartPre = Exec("ExecStartPre"),
            ExecStart = execStart,
            ExecStartPost = Exec("ExecStartPost"),
            ExecReload = Exec("ExecReload"),
            ExecStop = Exec("ExecStop"),
            ExecStopPost = Exec("ExecStopPost"),
            Environment = _environment,
            EnvironmentFiles = _environmentFiles,
            UnsetEnvironment = _unsetEnvironment,
            WorkingDirectory = _workingDirectory,
            User = _user,
            Group = _group,
        };
        CheckLoadable(definition);
        return definition;
    }

    /// <summary>systemd's refusals when loading a service (service_verify), with its texts.</summary>
    private void CheckLoadable(ServiceDefinition service)
    {
        // A bad exec line already has its own error; "no ExecStart=" on top of it would mislead.
        if (_hasValueErrors)
        {
            return;
        }

        var typeLine = _type?.Line ?? 0;
        if (service.ExecStart.Count == 0 && service.ExecStop.Count == 0)
        {
            LoadError(typeLine, "Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.");
            return;
        }

        if (service.Type != ServiceType.Oneshot && service.ExecStart.Count == 0)
        {
            LoadError(typeLine, "Service has no ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.");
        }

        if (service.ExecStart.Count == 0 && !service.RemainAfterExit)
        {
            LoadError(typeLine, "Service has no ExecStart= and no SuccessAction= settings and does not have RemainAfterExit=yes set. Refusing.");
        }

        if (service.Type != ServiceType.Oneshot && service.ExecStart.Count > 1)
        {
            LoadError(typeLine, "Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.");
        }

        if (service.Type == ServiceType.Oneshot && service.Restart is RestartPolicy.Always or RestartPolicy.OnSuccess)
        {
            LoadError(_restart?.Line ?? typeLine, "Service has Restart= set to either always or on-success, which isn't allowed for Type=oneshot services. Refusing.");
        }

        if (service.Type == ServiceType.Forking && service.PidFile is null)
        {
            diagnostics.Add(new UnitDiagnostic(
                DiagnosticSeverity.Warning,
                fileName,
                typeLine,
                "PIDFile",
                "Type=forking without PIDFile=: the main process is guessed as the only remaining process"));
        }
    }

    private void LoadError(int line, string message) =>
        diagnostics.Add(new UnitDiagnostic(DiagnosticSeverity.Error, fileName, line, null, message));

    /// <summary>Turns a bad value into a diagnostic with file, line and key.</summary>
    private void ValueError(UnitOption option, UnitValueException e)
    {
        _hasValueErrors = true;
        diagnostics.Add(new UnitDiagnostic(DiagnosticSeverity.Error, fileName, option.Line, option.Name, $"{option.Name}: {e.Message}"));
    }

    private void WarnUnsupported(UnitOption option, HashSet<string> accepted)
    {
        if (accepted.Contains(option.Name) || option.Name.StartsWith("X-", StringComparison.Ordinal))
        {
            return;
        }

        diagnostics.Add(new UnitDiagnostic(
            DiagnosticSeverity.Warning,
            fileName,
            option.Line,
            option.Name,
            $"{option.Name}: unknown or unsupported key in [{option.Section}], ignored by the built-in runner"));
    }

    /// <summary>Dependencies accumulate; unlike other list keys an empty value does not reset them (systemd).</summary>
    private void AddDependencies(UnitOption option)
    {
        var names = new List<string>();
        foreach (var word in option.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var name = expander.Expand(word);
            var problem = UnitName.Validate(name);
            if (problem is not null)
            {
                throw new UnitValueException($"invalid unit name \"{name}\": {problem}");
            }

            names.Add(name);
        }

        if (!_dependencies.TryGetValue(option.Name, out var list))
        {
            _dependencies[option.Name] = list = [];
        }

        foreach (var name in names)
        {
            if (!list.Contains(name))
            {
                list.Add(name);
            }
        }
    }

    private void AddExec(UnitOption option)
    {
        if (!_exec.TryGetValue(option.Name, out var list))
        {
            _exec[option.Name] = list = [];
        }

        if (option.Value.Length == 0)
        {
            list.Clear();
            return;
        }

        list.AddRange(ExecCommandParser.Parse(option.Value, expander.Expand));
    }

    private static void ResetOrAdd<T>(List<T> list, bool reset, Func<IEnumerable<T>> items)
    {
        if (reset)
        {
            list.Clear();
        }
        else
        {
            list.AddRange(items());
        }
    }

    private IReadOnlyList<string> Dependencies(string key) =>
        _dependencies.TryGetValue(key, out var list) ? list : [];

    private IReadOnlyList<ExecCommand> Exec(string key) =>
        _exec.TryGetValue(key, out var list) ? list : [];

    private static ServiceType ParseType(string value) => value switch
    {
        "simple" => ServiceType.Simple,
        "exec" => ServiceType.Exec,
        "forking" => ServiceType.Forking,
        "oneshot" => ServiceType.Oneshot,
        "notify" => ServiceType.Notify,
        "idle" => ServiceType.Idle,
        "dbus" or "notify-reload" => throw new UnitValueException($"Type={value} is not supported by Flotilla"),
        _ => throw new UnitValueException($"invalid value \"{value}\" (expected simple, exec, forking, oneshot, notify or idle)"),
    };

    private static RestartPolicy ParseRestart(string value) => value switch
    {
        "no" => RestartPolicy.No,
        "always" => RestartPolicy.Always,
        "on-success" => RestartPolicy.OnSuccess,
        "on-failure" => RestartPolicy.OnFailure,
        "on-abnormal" => RestartPolicy.OnAbnormal,
        "on-abort" => RestartPolicy.OnAbort,
        "on-watchdog" => RestartPolicy.OnWatchdog,
        _ => throw new UnitValueException($"invalid value \"{value}\" (expected no, always, on-success, on-failure, on-abnormal, on-abort or on-watchdog)"),
    };

    private static KillMode ParseKillMode(string value) => value switch
    {
        "control-group" => KillMode.ControlGroup,
        "mixed" => KillMode.Mixed,
        "process" => KillMode.Process,
        "none" => KillMode.None,
        _ => throw new UnitValueException($"invalid value \"{value}\" (expected control-group, mixed, process or none)"),
    };

    /// <summary>For start and stop timeouts 0 means no timeout at all (systemd.service(5)).</summary>
    private static TimeSpan ParseTimeout(string value)
    {
        var span = SystemdTimeSpan.Parse(value);
        return span == TimeSpan.Zero ? SystemdTimeSpan.Infinity : span;
    }

    private static int ParseCount(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new UnitValueException($"invalid number \"{value}\"");

    /// <summary>A relative PIDFile= is taken relative to /run, as systemd does.</summary>
    private static string ParsePidFile(string value) => value.StartsWith('/') ? value : "/run/" + value;

    private static WorkingDirectory ParseWorkingDirectory(string value)
    {
        var optional = value.StartsWith('-');
        var path = optional ? value[1..] : value;
        if (path == "~")
        {
            return new WorkingDirectory(path, optional, IsHome: true);
        }

        return path.StartsWith('/')
            ? new WorkingDirectory(path, optional, IsHome: false)
            : throw new UnitValueException($"path is not absolute and not \"~\": \"{path}\"");
    }
}
