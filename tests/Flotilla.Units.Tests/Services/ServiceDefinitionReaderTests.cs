using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;
using Flotilla.Units.Services;
using Flotilla.Units.Specifiers;
using Flotilla.Units.Syntax;
using Flotilla.Units.Values;

namespace Flotilla.Units.Tests.Services;

public class ServiceDefinitionReaderTests
{
    private static readonly FixedHostFacts Host = new() { HostName = "node1.example.com", MachineId = "m1" };

    private static (ServiceDefinition Service, List<UnitDiagnostic> Diagnostics) Read(string text, string name = "web@8080.service")
    {
        var file = UnitFileParser.Parse(name, text.Replace("|", "\n", StringComparison.Ordinal) + "\n");
        var diagnostics = new List<UnitDiagnostic>();
        var service = ServiceDefinitionReader.Read(file, new SpecifierExpander(UnitName.Parse(name), Host), diagnostics);
        return (service, diagnostics);
    }

    private static ServiceDefinition Valid(string text)
    {
        var (service, diagnostics) = Read(text);
        Assert.Empty(diagnostics);
        return service;
    }

    private static UnitDiagnostic SingleError(string text)
    {
        var (_, diagnostics) = Read(text);
        return Assert.Single(diagnostics, d => d.IsError);
    }

    [Fact]
    public void Defaults_follow_systemd()
    {
        var s = Valid("[Service]|ExecStart=/bin/true");
        Assert.Equal(ServiceType.Simple, s.Type);
        Assert.Equal(RestartPolicy.No, s.Restart);
        Assert.Equal(TimeSpan.FromMilliseconds(100), s.RestartDelay);
        Assert.Equal(TimeSpan.FromSeconds(90), s.StartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), s.StopTimeout);
        Assert.Equal(KillMode.ControlGroup, s.KillMode);
        Assert.Equal(15, s.KillSignal);
        Assert.True(s.SendSigKill);
        Assert.False(s.RemainAfterExit);
        Assert.Equal(TimeSpan.FromSeconds(10), s.StartLimitInterval);
        Assert.Equal(5, s.StartLimitBurst);
        Assert.Null(s.WorkingDirectory);
    }

    [Fact]
    public void Without_ExecStart_the_default_type_is_oneshot_with_unbounded_start()
    {
        var s = Valid("[Service]|RemainAfterExit=yes|ExecStop=/bin/true");
        Assert.Equal(ServiceType.Oneshot, s.Type);
        Assert.Equal(SystemdTimeSpan.Infinity, s.StartTimeout);
    }

    [Theory]
    [InlineData("simple", ServiceType.Simple)]
    [InlineData("exec", ServiceType.Exec)]
    [InlineData("forking|PIDFile=/run/x.pid", ServiceType.Forking)]
    [InlineData("oneshot", ServiceType.Oneshot)]
    [InlineData("notify", ServiceType.Notify)]
    [InlineData("idle", ServiceType.Idle)]
    public void Reads_every_type(string value, ServiceType expected)
    {
        Assert.Equal(expected, Valid($"[Service]|ExecStart=/bin/true|Type={value}").Type);
    }

    [Theory]
    [InlineData("Simple", "Type: invalid value \"Simple\" (expected simple, exec, forking, oneshot, notify or idle)")]
    [InlineData("dbus", "Type: Type=dbus is not supported by Flotilla")]
    public void Enum_values_are_case_sensitive(string value, string message)
    {
        var error = SingleError($"[Service]|ExecStart=/bin/true|Type={value}");
        Assert.Equal(message, error.Message);
        Assert.Equal(3, error.Line);
        Assert.Equal("Type", error.Key);
    }

    [Theory]
    [InlineData("no", RestartPolicy.No)]
    [InlineData("always", RestartPolicy.Always)]
    [InlineData("on-success", RestartPolicy.OnSuccess)]
    [InlineData("on-failure", RestartPolicy.OnFailure)]
    [InlineData("on-abnormal", RestartPolicy.OnAbnormal)]
    [InlineData("on-abort", RestartPolicy.OnAbort)]
    [InlineData("on-watchdog", RestartPolicy.OnWatchdog)]
    public void Reads_every_restart_policy(string value, RestartPolicy expected)
    {
        Assert.Equal(expected, Valid($"[Service]|ExecStart=/bin/true|Restart={value}").Restart);
    }

    [Theory]
    [InlineData("control-group", KillMode.ControlGroup)]
    [InlineData("mixed", KillMode.Mixed)]
    [InlineData("process", KillMode.Process)]
    [InlineData("none", KillMode.None)]
    public void Reads_every_kill_mode(string value, KillMode expected)
    {
        Assert.Equal(expected, Valid($"[Service]|ExecStart=/bin/true|KillMode={value}").KillMode);
    }

    [Theory]
    [InlineData("TimeoutStartSec=5min", 300, 90)]
    [InlineData("TimeoutStopSec=1min 30s", 90, 90)]
    [InlineData("TimeoutSec=20s", 20, 20)]
    [InlineData("TimeoutSec=20s|TimeoutStopSec=5", 20, 5)]
    [InlineData("TimeoutStartSec=5|TimeoutStartSec=", 90, 90)]
    public void Reads_timeouts(string lines, int startSeconds, int stopSeconds)
    {
        var s = Valid($"[Service]|ExecStart=/bin/true|{lines}");
        Assert.Equal(TimeSpan.FromSeconds(startSeconds), s.StartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(stopSeconds), s.StopTimeout);
    }

    [Theory]
    [InlineData("TimeoutStartSec=0")]
    [InlineData("TimeoutStartSec=infinity")]
    public void Zero_or_infinity_start_timeout_is_unbounded(string line)
    {
        Assert.Equal(SystemdTimeSpan.Infinity, Valid($"[Service]|ExecStart=/bin/true|{line}").StartTimeout);
    }

    [Fact]
    public void Reads_kill_and_restart_settings()
    {
        var s = Valid("[Service]|ExecStart=/bin/true|KillSignal=SIGINT|SendSIGKILL=no|RestartSec=5s|Restart=on-failure");
        Assert.Equal(2, s.KillSignal);
        Assert.False(s.SendSigKill);
        Assert.Equal(TimeSpan.FromSeconds(5), s.RestartDelay);
    }

    [Fact]
    public void Exit_status_lists_accumulate_and_reset()
    {
        var s = Valid("[Service]|ExecStart=/bin/true|SuccessExitStatus=1|SuccessExitStatus=2 SIGKILL|RestartPreventExitStatus=3|RestartPreventExitStatus=|RestartForceExitStatus=4");
        Assert.True(s.SuccessExitStatus.ContainsExitCode(1));
        Assert.True(s.SuccessExitStatus.ContainsExitCode(2));
        Assert.True(s.SuccessExitStatus.ContainsSignal(9));
        Assert.False(s.RestartPreventExitStatus.ContainsExitCode(3));
        Assert.True(s.RestartForceExitStatus.ContainsExitCode(4));
    }

    [Fact]
    public void Exec_lines_accumulate_reset_and_expand_specifiers()
    {
        var s = Valid("[Service]|ExecStartPre=/bin/a|ExecStartPre=|ExecStartPre=-/bin/b %i|ExecStart=/usr/bin/web --port=%i --host=%H|ExecStop=/bin/kill $MAINPID|ExecStopPost=/bin/c");
        var pre = Assert.Single(s.ExecStartPre);
        Assert.Equal(["/bin/b", "8080"], pre.Arguments);
        Assert.True(pre.Flags.HasFlag(Flotilla.Units.Exec.ExecFlags.IgnoreFailure));
        Assert.Equal(["/usr/bin/web", "--port=8080", "--host=node1.example.com"], Assert.Single(s.ExecStart).Arguments);
        Assert.Equal(["/bin/kill", "$MAINPID"], Assert.Single(s.ExecStop).Arguments);
        Assert.Single(s.ExecStopPost);
    }

    [Fact]
    public void Oneshot_may_have_several_ExecStart_lines_and_semicolons()
    {
        var s = Valid("[Service]|Type=oneshot|ExecStart=/bin/a|ExecStart=/bin/b ; /bin/c");
        Assert.Equal(3, s.ExecStart.Count);
    }

    [Fact]
    public void Dependencies_are_split_expanded_and_not_reset_by_empty_values()
    {
        var s = Valid("[Unit]|Requires=db@%i.service cache.service|Requires=|After=db@%i.service|Wants=a.service|BindsTo=b.service|Requisite=c.service|PartOf=d.service|Conflicts=e.service|Before=f.service|OnFailure=alert@%p.service|[Service]|ExecStart=/bin/true");
        var d = s.Dependencies;
        Assert.Equal(["db@8080.service", "cache.service"], d.Requires);
        Assert.Equal(["db@8080.service"], d.After);
        Assert.Equal(["a.service"], d.Wants);
        Assert.Equal(["b.service"], d.BindsTo);
        Assert.Equal(["c.service"], d.Requisite);
        Assert.Equal(["d.service"], d.PartOf);
        Assert.Equal(["e.service"], d.Conflicts);
        Assert.Equal(["f.service"], d.Before);
        Assert.Equal(["alert@web.service"], d.OnFailure);
    }

    [Fact]
    public void An_invalid_dependency_name_is_an_error()
    {
        var error = SingleError("[Unit]|Requires=nodot|[Service]|ExecStart=/bin/true");
        Assert.Equal("Requires: invalid unit name \"nodot\": unit name must contain \".\"", error.Message);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Start_limits_come_from_Unit_or_legacy_Service_keys()
    {
        var s = Valid("[Unit]|StartLimitIntervalSec=30s|StartLimitBurst=3|[Service]|ExecStart=/bin/true");
        Assert.Equal(TimeSpan.FromSeconds(30), s.StartLimitInterval);
        Assert.Equal(3, s.StartLimitBurst);
        var legacy = Valid("[Service]|ExecStart=/bin/true|StartLimitInterval=1min|StartLimitBurst=0");
        Assert.Equal(TimeSpan.FromMinutes(1), legacy.StartLimitInterval);
        Assert.Equal(0, legacy.StartLimitBurst);
    }

    [Fact]
    public void Environment_files_and_unset_are_read_in_order()
    {
        var s = Valid("[Service]|ExecStart=/bin/true|Environment=\"A=x y\" B=%i|Environment=C=3|EnvironmentFile=-/etc/%p.env|EnvironmentFile=/etc/common.env|UnsetEnvironment=D E");
        Assert.Equal(["A=x y", "B=8080", "C=3"], s.Environment.Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal("/etc/web.env", s.EnvironmentFiles[0].Path);
        Assert.True(s.EnvironmentFiles[0].IsOptional);
        Assert.False(s.EnvironmentFiles[1].IsOptional);
        Assert.Equal(["D", "E"], s.UnsetEnvironment);
    }

    [Fact]
    public void Environment_resets_on_empty_assignment()
    {
        Assert.Equal(["B"], Valid("[Service]|ExecStart=/bin/true|Environment=A=1|Environment=|Environment=B=2").Environment.Select(p => p.Key));
    }

    [Theory]
    [InlineData("/srv/%p", "/srv/web", false, false)]
    [InlineData("-/srv/app", "/srv/app", true, false)]
    [InlineData("~", "~", false, true)]
    public void Reads_working_directory(string value, string path, bool optional, bool home)
    {
        Assert.Equal(new WorkingDirectory(path, optional, home), Valid($"[Service]|ExecStart=/bin/true|WorkingDirectory={value}").WorkingDirectory);
    }

    [Fact]
    public void Reads_user_group_pidfile_description()
    {
        var s = Valid("[Unit]|Description=Web %i on %H|[Service]|Type=forking|PIDFile=web.pid|ExecStart=/bin/true|User=www|Group=www");
        Assert.Equal("Web 8080 on node1.example.com", s.Description);
        Assert.Equal("/run/web.pid", s.PidFile);
        Assert.Equal("www", s.User);
        Assert.Equal("www", s.Group);
    }

    [Theory]
    [InlineData("[Service]|ExecStart=/bin/true|TimeoutStartSec=5x", 3, "TimeoutStartSec")]
    [InlineData("[Service]|ExecStart=/bin/true|RemainAfterExit=maybe", 3, "RemainAfterExit")]
    [InlineData("[Service]|ExecStart=/bin/true|KillSignal=SIGNOPE", 3, "KillSignal")]
    [InlineData("[Service]|ExecStart=/bin/true|SuccessExitStatus=256", 3, "SuccessExitStatus")]
    [InlineData("[Service]|ExecStart=/bin/echo \"unbalanced", 2, "ExecStart")]
    [InlineData("[Service]|ExecStart=/bin/echo %Z", 2, "ExecStart")]
    [InlineData("[Service]|ExecStart=/bin/true|Environment=1BAD=x", 3, "Environment")]
    [InlineData("[Service]|ExecStart=/bin/true|EnvironmentFile=relative.env", 3, "EnvironmentFile")]
    [InlineData("[Service]|ExecStart=/bin/true|WorkingDirectory=relative", 3, "WorkingDirectory")]
    [InlineData("[Unit]|StartLimitBurst=-1|[Service]|ExecStart=/bin/true", 2, "StartLimitBurst")]
    [InlineData("[Service]|ExecStart=/bin/true|RestartSec=soon", 3, "RestartSec")]
    public void Bad_values_name_line_and_key(string text, int line, string key)
    {
        var error = SingleError(text);
        Assert.Equal((line, key), (error.Line, error.Key));
        Assert.StartsWith(key + ": ", error.Message, StringComparison.Ordinal);
        Assert.Equal("web@8080.service", error.File);
    }

    [Theory]
    [InlineData("[Unit]|Description=x", "Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.")]
    [InlineData("[Service]|Type=simple|ExecStop=/bin/true|RemainAfterExit=yes", "Service has no ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.")]
    [InlineData("[Service]|Type=oneshot|ExecStop=/bin/true", "Service has no ExecStart= and no SuccessAction= settings and does not have RemainAfterExit=yes set. Refusing.")]
    [InlineData("[Service]|ExecStart=/bin/a|ExecStart=/bin/b", "Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.")]
    [InlineData("[Service]|ExecStart=/bin/a ; /bin/b", "Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.")]
    [InlineData("[Service]|Type=oneshot|ExecStart=/bin/a|Restart=always", "Service has Restart= set to either always or on-success, which isn't allowed for Type=oneshot services. Refusing.")]
    [InlineData("[Service]|Type=oneshot|ExecStart=/bin/a|Restart=on-success", "Service has Restart= set to either always or on-success, which isn't allowed for Type=oneshot services. Refusing.")]
    public void Load_errors_use_systemds_texts(string text, string message)
    {
        Assert.Equal(message, SingleError(text).Message);
    }

    [Theory]
    [InlineData("[Service]|Type=oneshot|ExecStart=/bin/a|Restart=on-failure")]
    [InlineData("[Service]|Type=oneshot|RemainAfterExit=yes|ExecStop=/bin/a")]
    [InlineData("[Service]|ExecStart=/bin/a|ExecStart=|ExecStart=/bin/b")]
    public void Valid_combinations_load(string text)
    {
        Valid(text);
    }

    [Theory]
    [InlineData("[Service]|ExecStart=/bin/true|LimitNOFILE=4096", "LimitNOFILE: unknown or unsupported key in [Service], ignored by the built-in runner")]
    [InlineData("[Unit]|ConditionPathExists=/x|[Service]|ExecStart=/bin/true", "ConditionPathExists: unknown or unsupported key in [Unit], ignored by the built-in runner")]
    [InlineData("[Service]|ExecStart=/bin/true|[Socket]|ListenStream=80", "unknown section [Socket] ignored")]
    [InlineData("[Service]|Type=forking|ExecStart=/bin/true", "Type=forking without PIDFile=: the main process is guessed as the only remaining process")]
    public void Unsupported_things_are_warnings(string text, string message)
    {
        var (_, diagnostics) = Read(text);
        var warning = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(message, warning.Message);
    }

    [Theory]
    [InlineData("[Unit]|Documentation=man:web(8)|[Service]|ExecStart=/bin/true|NotifyAccess=main|[Install]|WantedBy=multi-user.target|[X-Fleet]|Global=true")]
    [InlineData("[Service]|ExecStart=/bin/true|X-Custom=1")]
    public void Accepted_keys_and_sections_are_silent(string text)
    {
        Valid(text);
    }
}
