namespace Flotilla.Cli.Tests.Fleetctl;

/// <summary>submit/load/start/stop/unload/destroy/restart/cat against the fake transport: fleet's rules, texts and blocking.</summary>
public sealed class UnitCommandTests : IAsyncLifetime
{
    private const string Machine = "1a2b3c4d5e6f";
    private const string SleepText = "[Service]\nExecStart=/bin/sleep 100\n";
    private readonly FakeAgentApi _api = new();

    public async Task InitializeAsync()
    {
        _api.Machines.Add(new FakeMachine(Machine, "10.0.0.1"));
        _api.ActLikeOneMachine(Machine);
        await _api.StartAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private string WriteFile(string relative, string text)
    {
        var path = Path.Combine(_api.Directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private void AddUnit(string name, string text, string desired)
    {
        var unit = FakeUnit.FromText(name, text);
        _api.Units[name] = unit;
        unit.DesiredState = desired;
        _api.OnDesiredState!(unit);
        _api.DesiredStateChanges.Clear();
    }

    [Fact]
    public async Task Start_submits_a_local_file_and_waits_until_it_is_launched()
    {
        var path = WriteFile("units/hello.service", "# comment\n[Service]\nExecStart=/bin/sleep 100\n");
        var (exit, output, error) = await CliRun.RunAsync(_api.Args("start", path));
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal("Unit hello.service launched on 1a2b3c4d.../10.0.0.1\n", output);
        Assert.Equal("1c6fb6f3684bafb0c173d8b8b957ceff031180c1", _api.Units["hello.service"].Hash);
    }

    [Fact]
    public async Task Submit_creates_an_inactive_unit_and_prints_nothing()
    {
        var path = WriteFile("app.service", SleepText);
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("submit", path));
        Assert.Equal(0, exit);
        Assert.Equal("", output);
        Assert.Equal("inactive", _api.Units["app.service"].DesiredState);
    }

    [Fact]
    public async Task Load_waits_for_loaded()
    {
        var path = WriteFile("app.service", SleepText);
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("load", path));
        Assert.Equal(0, exit);
        Assert.Equal("Unit app.service loaded on 1a2b3c4d.../10.0.0.1\n", output);
    }

    [Fact]
    public async Task Templates_cannot_be_activated()
    {
        var path = WriteFile("web@.service", SleepText);
        var (exit, output, error) = await CliRun.RunAsync(_api.Args("start", path));
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal("cannot activate template \"web@.service\"\n", error);
        Assert.Empty(_api.Units);
    }

    [Fact]
    public async Task An_instance_is_made_from_a_local_template_beside_the_argument()
    {
        WriteFile("units/web@.service", "[Service]\nExecStart=/bin/echo %i\n");
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("start", Path.Combine(_api.Directory, "units", "web@1.service"), Path.Combine(_api.Directory, "units", "web@2")));
        Assert.Equal(0, exit);
        Assert.Equal("Unit web@1.service launched on 1a2b3c4d.../10.0.0.1\nUnit web@2.service launched on 1a2b3c4d.../10.0.0.1\n", output);
        Assert.Equal(("Service", "ExecStart", "/bin/echo %i"), Assert.Single(_api.Units["web@2.service"].Options));
        Assert.False(_api.Units.ContainsKey("web@.service"));
    }

    [Fact]
    public async Task An_instance_prefers_the_clusters_template()
    {
        AddUnit("web@.service", "[Service]\nExecStart=/bin/registry %i\n", "inactive");
        WriteFile("web@.service", "[Service]\nExecStart=/bin/local %i\n");
        var (exit, _, _) = await CliRun.RunAsync(_api.Args("start", "--no-block", Path.Combine(_api.Directory, "web@3.service")));
        Assert.Equal(0, exit);
        Assert.Equal("/bin/registry %i", Assert.Single(_api.Units["web@3.service"].Options).Value);
    }

    [Fact]
    public async Task An_instance_without_any_template_fails()
    {
        var (exit, _, error) = await CliRun.RunAsync(_api.Args("start", Path.Combine(_api.Directory, "nope@1.service")));
        Assert.Equal(1, exit);
        Assert.StartsWith("Error creating units: unable to find unit nope@1.service", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_differing_local_file_is_warned_about_without_replace()
    {
        AddUnit("app.service", SleepText, "launched");
        var path = WriteFile("app.service", "[Service]\nExecStart=/bin/sleep 200\n");
        var (exit, output, error) = await CliRun.RunAsync(_api.Args("start", path));
        Assert.Equal(0, exit);
        Assert.Equal($"WARNING: Unit app.service in registry differs from local unit file {path}. Add --replace to override.\n", error);
        Assert.Equal("Unit app.service launched on 1a2b3c4d.../10.0.0.1\n", output);
        Assert.Equal("/bin/sleep 100", _api.Units["app.service"].Options[0].Value);
    }

    [Theory]
    [InlineData("submit", "loaded")]
    [InlineData("submit", "launched")]
    [InlineData("load", "launched")]
    public async Task Replace_is_refused_in_states_fleet_refused(string verb, string state)
    {
        AddUnit("app.service", SleepText, state);
        var path = WriteFile("app.service", "[Service]\nExecStart=/bin/sleep 200\n");
        var (_, _, error) = await CliRun.RunAsync(_api.Args(verb, "--replace", path));
        Assert.StartsWith($"Warning: can not replace Unit(app.service) in state '{state}', use the appropriate command\n", error, StringComparison.Ordinal);
        Assert.Equal("/bin/sleep 100", _api.Units["app.service"].Options[0].Value);
    }

    [Theory]
    [InlineData("submit", "inactive")]
    [InlineData("load", "loaded")]
    [InlineData("start", "launched")]
    public async Task Replace_overwrites_the_text_where_fleet_allowed_it(string verb, string state)
    {
        AddUnit("app.service", SleepText, state);
        var path = WriteFile("app.service", "[Service]\nExecStart=/bin/sleep 200\n");
        var (exit, _, error) = await CliRun.RunAsync(_api.Args(verb, "--replace", path));
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal("/bin/sleep 200", _api.Units["app.service"].Options[0].Value);
    }

    [Fact]
    public async Task No_block_only_triggers()
    {
        _api.OnDesiredState = _ => { };
        var path = WriteFile("app.service", SleepText);
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("start", "--no-block", path));
        Assert.Equal(0, exit);
        Assert.Equal("Triggered unit app.service start\n", output);
    }

    [Fact]
    public async Task Blocking_gives_up_after_the_attempts_with_an_error()
    {
        _api.OnDesiredState = _ => { };
        var path = WriteFile("app.service", SleepText);
        var (exit, output, error) = await CliRun.RunAsync(_api.Args("start", "--block-attempts", "1", path));
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal("Error waiting for units: timed out waiting for unit app.service to report state launched\n", error);
        // One attempt is 2 s of polling every 250 ms: several polls, not one.
        Assert.True(_api.Requests.Count(r => r == "GET /fleet/v1/units/app.service") >= 4);
    }

    [Fact]
    public async Task Blocking_waits_for_a_unit_that_gets_there_later()
    {
        var reads = 0;
        _api.OnDesiredState = unit => _api.DesiredStateChanges.Add(unit.Name);
        _api.OnUnitRead = unit =>
        {
            if (++reads == 4 && unit.DesiredState == "launched")
            {
                unit.CurrentState = "launched";
                unit.MachineId = Machine;
            }
        };
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("start", WriteFile("slow.service", SleepText)));
        Assert.Equal(0, exit);
        Assert.Equal("Unit slow.service launched on 1a2b3c4d.../10.0.0.1\n", output);
    }

    [Fact]
    public async Task On_a_terminal_progress_goes_to_stderr_and_stdout_stays_the_same()
    {
        var reads = 0;
        _api.OnDesiredState = _ => { };
        _api.OnUnitRead = unit =>
        {
            if (++reads == 3)
            {
                unit.CurrentState = "launched";
                unit.MachineId = Machine;
            }
        };
        var (exit, output, error) = await CliRun.RunAsync(_api.Args("start", WriteFile("slow.service", SleepText)), null, showProgress: true);
        Assert.Equal(0, exit);
        Assert.Equal("Unit slow.service launched on 1a2b3c4d.../10.0.0.1\n", output);
        Assert.Contains("\r\u001b[KWaiting for slow.service to be launched...", error, StringComparison.Ordinal);
        Assert.EndsWith("\r\u001b[K", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Global_units_never_block()
    {
        _api.OnDesiredState = _ => { };
        var path = WriteFile("everywhere.service", "[Service]\nExecStart=/bin/sleep 1\n\n[X-Fleet]\nGlobal=true\n");
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("start", path));
        Assert.Equal(0, exit);
        Assert.Equal("Triggered global unit everywhere.service start\n", output);
    }

    [Fact]
    public async Task A_name_without_suffix_gets_service_and_a_path_names_its_base()
    {
        WriteFile("dir/app.service", SleepText);
        var (exit, _, _) = await CliRun.RunAsync(_api.Args("submit", Path.Combine(_api.Directory, "dir", "app.service")));
        Assert.Equal(0, exit);
        Assert.True(_api.Units.ContainsKey("app.service"));
        var (stopExit, _, stopError) = await CliRun.RunAsync(_api.Args("stop", "app"));
        Assert.Equal(1, stopExit);
        Assert.Equal("Unable to stop unit app.service in state inactive\n", stopError);
    }

    [Fact]
    public async Task Stop_sets_loaded_and_waits()
    {
        AddUnit("app.service", SleepText, "launched");
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("stop", "app.service"));
        Assert.Equal(0, exit);
        Assert.Equal("Unit app.service loaded on 1a2b3c4d.../10.0.0.1\n", output);
        Assert.Equal(["app.service=loaded"], _api.DesiredStateChanges);
    }

    [Fact]
    public async Task Unload_waits_for_inactive()
    {
        AddUnit("app.service", SleepText, "launched");
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("unload", "app.service"));
        Assert.Equal(0, exit);
        Assert.Equal("Unit app.service inactive\n", output);
    }

    [Fact]
    public async Task Unknown_units_do_not_exist()
    {
        foreach (var verb in new[] { "stop", "unload", "destroy", "cat", "status", "restart" })
        {
            var (exit, _, error) = await CliRun.RunAsync(_api.Args(verb, "ghost"));
            Assert.Equal(1, exit);
            Assert.Equal("Unit ghost.service does not exist.\n", error);
        }
    }

    [Fact]
    public async Task Destroy_removes_and_waits_until_no_machine_reports_it()
    {
        AddUnit("app.service", SleepText, "launched");
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("destroy", "app.service"));
        Assert.Equal(0, exit);
        Assert.Equal("Destroyed app.service\n", output);
        Assert.Empty(_api.Units);
        Assert.Contains("GET /fleet/v1/state?unitName=app.service", _api.Requests);
    }

    [Fact]
    public async Task Restart_rolls_one_unit_at_a_time()
    {
        AddUnit("a.service", SleepText, "launched");
        AddUnit("b.service", SleepText, "launched");
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("restart", "a.service", "b.service"));
        Assert.Equal(0, exit);
        Assert.Equal(["a.service=loaded", "a.service=launched", "b.service=loaded", "b.service=launched"], _api.DesiredStateChanges);
        Assert.Equal(
            "Unit a.service loaded on 1a2b3c4d.../10.0.0.1\nUnit a.service launched on 1a2b3c4d.../10.0.0.1\n" +
            "Unit b.service loaded on 1a2b3c4d.../10.0.0.1\nUnit b.service launched on 1a2b3c4d.../10.0.0.1\n",
            output);
    }

    [Fact]
    public async Task Cat_prints_the_normalized_text()
    {
        AddUnit("app.service", "[Unit]\nDescription=x\n# dropped\n[Service]\nExecStart=/bin/sleep 100\n[Unit]\nAfter=y\n", "inactive");
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("cat", "app"));
        Assert.Equal(0, exit);
        Assert.Equal("[Unit]\nDescription=x\nAfter=y\n\n[Service]\nExecStart=/bin/sleep 100\n", output);
    }

    [Fact]
    public async Task Invalid_names_are_refused()
    {
        var (exit, _, error) = await CliRun.RunAsync(_api.Args("start", "bad%name.service"));
        Assert.Equal(1, exit);
        Assert.Equal("invalid unit name \"bad%name.service\": invalid character '%' in unit name\n", error);
    }
}
