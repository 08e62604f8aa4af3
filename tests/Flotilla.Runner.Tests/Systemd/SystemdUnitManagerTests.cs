using Flotilla.Runner.Systemd;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Runner.Tests.Systemd;

public sealed class SystemdUnitManagerTests : IAsyncLifetime
{
    private const string Show = "show --property=Id,LoadState,ActiveState,SubState,Result,MainPID,StatusText,LoadError";
    private const string WebText = "[Service]\nExecStart=/usr/bin/sleep infinity\n";

    private readonly FakeSystemd systemd = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 7, 0, 0, TimeSpan.Zero));
    private SystemdUnitManager manager = null!;

    private SystemdRunnerOptions Options => new()
    {
        StateDirectory = systemd.StateDirectory,
        UnitDirectory = systemd.UnitDirectory,
        SystemctlPath = systemd.SystemctlPath,
        JournalctlPath = systemd.JournalctlPath,
        Time = time,
        PollInterval = TimeSpan.FromSeconds(1),
        CommandTimeout = TimeSpan.FromSeconds(30),
    };

    public Task InitializeAsync()
    {
        manager = new SystemdUnitManager(Options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await manager.DisposeAsync();
        systemd.Dispose();
    }

    [Fact]
    public async Task Load_writes_the_text_links_it_into_the_unit_directory_and_reloads_systemd_before_reading_the_status()
    {
        var status = await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);

        Assert.Equal(["daemon-reload", $"{Show} web.service"], systemd.Calls());
        Assert.Equal(["web.service"], systemd.LinksAtLastReload());
        var file = Path.Combine(systemd.StateDirectory, "units", "web.service");
        Assert.Equal(WebText, await File.ReadAllTextAsync(file));
        Assert.Equal(file, new FileInfo(Path.Combine(systemd.UnitDirectory, "web.service")).LinkTarget);
        Assert.Equal(new UnitStatus("web.service", "h1", UnitLoadState.Loaded, UnitActiveState.Inactive, "dead", "success", null, null, time.GetUtcNow()), status);
        Assert.Equal(status, manager.Find("web.service"));
        Assert.Equal([status], manager.List());
    }

    [Fact]
    public async Task Loading_the_same_hash_again_calls_nothing_and_a_new_hash_rewrites_the_file_and_reloads()
    {
        await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
        systemd.ClearCalls();

        await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
        Assert.Empty(systemd.Calls());

        var changed = WebText + "Restart=always\n";
        var status = await manager.LoadAsync(new UnitSource("web.service", changed, "h2"), CancellationToken.None);
        Assert.Equal(["daemon-reload", $"{Show} web.service"], systemd.Calls());
        Assert.Equal(changed, await File.ReadAllTextAsync(Path.Combine(systemd.StateDirectory, "units", "web.service")));
        Assert.Equal("h2", status.Hash);
    }

    [Fact]
    public async Task Text_systemd_cannot_load_is_an_error_status_with_systemds_reason_not_an_exception()
    {
        var status = await manager.LoadAsync(new UnitSource("bad.service", "Bad line\n", "h"), CancellationToken.None);

        Assert.Equal(UnitLoadState.Error, status.LoadState);
        Assert.Equal("bad-setting: Unit bad.service has a bad unit file setting.", status.StatusText);
    }

    [Fact]
    public async Task A_unit_file_someone_else_put_in_the_unit_directory_is_left_alone()
    {
        var foreign = Path.Combine(systemd.UnitDirectory, "web.service");
        await File.WriteAllTextAsync(foreign, "[Service]\nExecStart=/bin/true\n");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None));

        Assert.Contains("not the runner's link", error.Message, StringComparison.Ordinal);
        Assert.Equal("[Service]\nExecStart=/bin/true\n", await File.ReadAllTextAsync(foreign));
        Assert.Empty(systemd.Calls());
    }

    [Fact]
    public async Task Start_and_stop_run_the_systemctl_job_then_read_and_report_the_status()
    {
        await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
        var changes = new List<UnitStatus>();
        manager.StatusChanged += (_, status) => changes.Add(status);
        systemd.ClearCalls();

        var started = await manager.StartAsync("web.service", CancellationToken.None);

        Assert.Equal(["start web.service", $"{Show} web.service"], systemd.Calls());
        Assert.Equal((UnitActiveState.Active, "running", "success", (int?)4242, "serving"), (started.ActiveState, started.SubState, started.Result, started.MainPid, started.StatusText));
        Assert.Equal([started], changes);

        var stopped = await manager.StopAsync("web.service", CancellationToken.None);

        Assert.Equal(["start web.service", $"{Show} web.service", "stop web.service", $"{Show} web.service"], systemd.Calls());
        Assert.Equal((UnitActiveState.Inactive, "dead", (int?)null), (stopped.ActiveState, stopped.SubState, stopped.MainPid));
        Assert.Equal([started, stopped], changes);
    }

    [Fact]
    public async Task Jobs_on_one_unit_called_together_run_one_at_a_time_in_call_order()
    {
        await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
        systemd.ClearCalls();

        var start = manager.StartAsync("web.service", CancellationToken.None);
        var stop = manager.StopAsync("web.service", CancellationToken.None);
        var restart = manager.StartAsync("web.service", CancellationToken.None);
        var statuses = await Task.WhenAll(start, stop, restart);

        Assert.Equal(
            ["start web.service", $"{Show} web.service", "stop web.service", $"{Show} web.service", "start web.service", $"{Show} web.service"],
            systemd.Calls());
        Assert.Equal([UnitActiveState.Active, UnitActiveState.Inactive, UnitActiveState.Active], statuses.Select(static s => s.ActiveState));
    }

    [Fact]
    public async Task A_start_job_that_fails_returns_the_failed_status()
    {
        await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
        systemd.MakeStartFail("web.service");

        var status = await manager.StartAsync("web.service", CancellationToken.None);

        Assert.Equal((UnitActiveState.Failed, "failed", "exit-code"), (status.ActiveState, status.SubState, status.Result));
    }

    [Fact]
    public async Task A_failing_systemctl_is_an_error_with_its_exit_code_and_stderr()
    {
        await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
        systemd.Break(4, "Failed to start web.service: Access denied");

        var error = await Assert.ThrowsAsync<SystemdCommandException>(() => manager.StartAsync("web.service", CancellationToken.None));

        Assert.Equal(4, error.ExitCode);
        Assert.Equal("Failed to start web.service: Access denied", error.StandardError);
        Assert.Equal($"{systemd.SystemctlPath} start web.service failed with exit code 4: Failed to start web.service: Access denied", error.Message);
    }

    [Fact]
    public async Task A_failing_daemon_reload_fails_the_load_and_the_unit_keeps_its_old_hash()
    {
        await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
        systemd.Break(1, "Failed to reload daemon: Connection timed out");

        var error = await Assert.ThrowsAsync<SystemdCommandException>(
            () => manager.LoadAsync(new UnitSource("web.service", WebText + "Restart=always\n", "h2"), CancellationToken.None));

        Assert.Equal($"{systemd.SystemctlPath} daemon-reload failed with exit code 1: Failed to reload daemon: Connection timed out", error.Message);
        Assert.Equal("h1", manager.Find("web.service")!.Hash);
    }

    [Fact]
    public async Task Reloading_a_unit_that_is_not_active_is_an_error_not_a_status()
    {
        await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<SystemdCommandException>(() => manager.ReloadAsync("web.service", CancellationToken.None));

        Assert.Equal(1, error.ExitCode);
        Assert.Contains("Job for web.service failed.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_of_an_active_unit_runs_systemctl_reload()
    {
        await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
        await manager.StartAsync("web.service", CancellationToken.None);
        systemd.ClearCalls();

        var status = await manager.ReloadAsync("web.service", CancellationToken.None);

        Assert.Equal(["reload web.service", $"{Show} web.service"], systemd.Calls());
        Assert.Equal(UnitActiveState.Active, status.ActiveState);
    }

    [Fact]
    public async Task Jobs_on_a_unit_that_is_not_loaded_throw_without_calling_systemctl()
    {
        var error = await Assert.ThrowsAsync<UnitNotLoadedException>(() => manager.StartAsync("web.service", CancellationToken.None));

        Assert.Equal("web.service", error.UnitName);
        Assert.Empty(systemd.Calls());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-x.service")]
    [InlineData("../etc.service")]
    [InlineData("web")]
    public async Task Names_that_are_not_unit_names_never_reach_systemctl(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => manager.LoadAsync(new UnitSource(name, WebText, "h"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => manager.StartAsync(name, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => manager.ReadJournalAsync(name, 10, CancellationToken.None));

        Assert.Empty(systemd.Calls());
        Assert.Empty(Directory.EnumerateFileSystemEntries(systemd.UnitDirectory));
    }

    [Fact]
    public async Task The_poll_reports_an_exit_systemd_saw_when_the_clock_reaches_the_poll_interval()
    {
        await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
        await manager.StartAsync("web.service", CancellationToken.None);
        var changed = new TaskCompletionSource<UnitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        manager.StatusChanged += (_, status) => changed.TrySetResult(status);
        systemd.SetState("web.service", "failed", "failed", "signal", 0);

        time.Advance(TimeSpan.FromSeconds(1));
        var status = await changed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(("web.service", "h1", UnitActiveState.Failed, "signal", (int?)null), (status.Name, status.Hash, status.ActiveState, status.Result, status.MainPid));
        Assert.Equal(time.GetUtcNow(), status.Since);
        Assert.Equal(status, manager.Find("web.service"));
    }

    [Fact]
    public async Task A_poll_that_sees_no_change_raises_nothing_and_keeps_the_time_of_the_last_change()
    {
        var loaded = await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
        var raised = 0;
        manager.StatusChanged += (_, _) => Interlocked.Increment(ref raised);
        systemd.ClearCalls();

        // Polls run one after another: once the second has called systemctl, the first is done.
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => systemd.Calls().Count == 1);
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => systemd.Calls().Count == 2);

        Assert.Equal([$"{Show} web.service", $"{Show} web.service"], systemd.Calls());
        Assert.Equal(0, Volatile.Read(ref raised));
        Assert.Equal(loaded, manager.Find("web.service"));
    }

    [Fact]
    public async Task Unload_stops_the_unit_removes_link_and_file_and_reloads_systemd()
    {
        await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
        await manager.StartAsync("web.service", CancellationToken.None);
        systemd.ClearCalls();

        await manager.UnloadAsync("web.service", CancellationToken.None);

        Assert.Equal(["stop web.service", "reset-failed web.service", "daemon-reload"], systemd.Calls());
        Assert.Empty(systemd.LinksAtLastReload());
        Assert.False(File.Exists(Path.Combine(systemd.StateDirectory, "units", "web.service")));
        Assert.Null(new FileInfo(Path.Combine(systemd.UnitDirectory, "web.service")).LinkTarget);
        Assert.Null(manager.Find("web.service"));
        Assert.Empty(manager.List());
        await Assert.ThrowsAsync<UnitNotLoadedException>(() => manager.StartAsync("web.service", CancellationToken.None));
    }

    [Fact]
    public async Task A_unit_systemd_could_not_load_is_unloaded_although_systemctl_refuses_to_stop_it()
    {
        await manager.LoadAsync(new UnitSource("bad.service", "Bad line\n", "h"), CancellationToken.None);
        systemd.ClearCalls();

        await manager.UnloadAsync("bad.service", CancellationToken.None);

        Assert.Equal(["stop bad.service", $"{Show} bad.service", "reset-failed bad.service", "daemon-reload"], systemd.Calls());
        Assert.Empty(systemd.LinksAtLastReload());
        Assert.Null(manager.Find("bad.service"));
    }

    [Fact]
    public async Task Stopping_a_unit_systemd_could_not_load_returns_its_inactive_status()
    {
        await manager.LoadAsync(new UnitSource("bad.service", "Bad line\n", "h"), CancellationToken.None);

        var status = await manager.StopAsync("bad.service", CancellationToken.None);

        Assert.Equal((UnitLoadState.Error, UnitActiveState.Inactive), (status.LoadState, status.ActiveState));
    }

    [Fact]
    public async Task Unloading_a_unit_that_is_not_loaded_does_nothing()
    {
        await manager.UnloadAsync("web.service", CancellationToken.None);

        Assert.Empty(systemd.Calls());
    }

    [Fact]
    public async Task A_new_manager_adopts_the_units_an_earlier_one_left_with_systemd()
    {
        await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
        await manager.StartAsync("web.service", CancellationToken.None);
        await manager.DisposeAsync();

        manager = new SystemdUnitManager(Options);
        await WaitUntil(() => manager.Find("web.service") is not null);

        var status = manager.Find("web.service")!;
        Assert.Equal((UnitActiveState.Active, string.Empty), (status.ActiveState, status.Hash));
        var reloaded = await manager.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
        Assert.Equal(("h1", UnitActiveState.Active), (reloaded.Hash, reloaded.ActiveState));
    }

    [Fact]
    public async Task The_journal_is_read_with_journalctl_json_and_parsed_into_entries()
    {
        systemd.SetJournal("""
            {"__REALTIME_TIMESTAMP":"1764313200000000","_PID":"1","MESSAGE":"Started web.service.","UNIT":"web.service"}
            {"__REALTIME_TIMESTAMP":"1764313200123456","_PID":"4242","MESSAGE":"listening on :80","_SYSTEMD_UNIT":"web.service"}
            {"__REALTIME_TIMESTAMP":"1764313201000000","_PID":"4242","MESSAGE":[104,105,255]}
            """);

        var entries = await manager.ReadJournalAsync("web.service", 3, CancellationToken.None);

        Assert.Equal(["journalctl -u web.service -n 3 -o json --no-pager"], systemd.Calls());
        var start = DateTimeOffset.FromUnixTimeSeconds(1764313200);
        Assert.Equal(
            [
                new JournalEntry(start, "web.service", JournalSource.Runner, "Started web.service."),
                new JournalEntry(start.AddTicks(1234560), "web.service", JournalSource.Stdout, "listening on :80"),
                new JournalEntry(start.AddSeconds(1), "web.service", JournalSource.Stdout, "hi\uFFFD"),
            ],
            entries);
    }

    [Fact]
    public async Task A_systemctl_call_that_outlives_the_command_timeout_is_killed_and_reported()
    {
        var hanging = new SystemdUnitManager(Options with { SystemctlPath = WriteHangingSystemctl() });
        try
        {
            var load = hanging.LoadAsync(new UnitSource("web.service", WebText, "h1"), CancellationToken.None);
            await WaitUntil(() => File.Exists(Path.Combine(systemd.StateDirectory, "hanging-started")));

            time.Advance(TimeSpan.FromSeconds(30));
            var error = await Assert.ThrowsAsync<SystemdCommandException>(() => load.WaitAsync(TimeSpan.FromSeconds(20)));

            Assert.Null(error.ExitCode);
            Assert.Contains("did not finish within 00:00:30 and was killed", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await hanging.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cancelling_a_job_kills_the_systemctl_call()
    {
        var hanging = new SystemdUnitManager(Options with { SystemctlPath = WriteHangingSystemctl() });
        try
        {
            using var cancel = new CancellationTokenSource();
            var load = hanging.LoadAsync(new UnitSource("web.service", WebText, "h1"), cancel.Token);
            await WaitUntil(() => File.Exists(Path.Combine(systemd.StateDirectory, "hanging-started")));

            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => load.WaitAsync(TimeSpan.FromSeconds(20)));
            var pids = (await File.ReadAllTextAsync(Path.Combine(systemd.StateDirectory, "hanging-started"))).Split(' ', StringSplitOptions.TrimEntries);
            Assert.Equal(2, pids.Length);
            await WaitUntil(() => pids.All(IsGone));
        }
        finally
        {
            await hanging.DisposeAsync();
        }
    }

    [Fact]
    public void The_defaults_are_systemds_programs_on_path_and_its_runtime_unit_directory()
    {
        var options = new SystemdRunnerOptions { StateDirectory = "/var/lib/flotilla" };

        Assert.Equal(("systemctl", "journalctl", "/run/systemd/system"), (options.SystemctlPath, options.JournalctlPath, options.UnitDirectory));
    }

    /// <summary>A systemctl that records its PID and then never returns and its child's, then waits for the child forever (the kill must take the whole tree).</summary>
    private string WriteHangingSystemctl()
    {
        var path = Path.Combine(systemd.StateDirectory, "hanging-systemctl");
        var marker = Path.Combine(systemd.StateDirectory, "hanging-started");
        FakeSystemd.WriteExecutable(path, $"#!/bin/sh\nsleep 600 &\necho $$ $! > '{marker}.tmp'\nmv '{marker}.tmp' '{marker}'\nwait\n");
        return path;
    }

    /// <summary>Exited: no longer in /proc, or a zombie waiting for whoever adopted it to reap it.</summary>
    private static bool IsGone(string pid)
    {
        try
        {
            return File.ReadAllLines($"/proc/{pid}/status").Any(static line => line.StartsWith("State:\tZ", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 20 s");
            await Task.Delay(20);
        }
    }
}
