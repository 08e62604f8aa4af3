namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>
/// Dependencies between real units of one built-in runner: each request runs as a planned transaction,
/// and units react (BindsTo=, OnFailure=) when another goes down on its own.
/// </summary>
public sealed class RunnerDependencyTests : IAsyncLifetime
{
    private readonly RunnerHarness _runner = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _runner.DisposeAsync();

    private string Marker(string name) => Path.Combine(_runner.Scratch, name);

    /// <summary>A simple service that leaves a marker file when it starts, then runs until stopped.</summary>
    private string Service(string unitSection, string marker) => $"""
        [Unit]
        {unitSection}

        [Service]
        ExecStart=/bin/sh -c 'touch {Marker(marker)}; exec sleep 300'
        """;

    private const string FailingOneshot = "[Service]\nType=oneshot\nExecStart=/bin/sh -c 'exit 1'\n";

    private static bool IsActive(UnitStatus status) => status.ActiveState == UnitActiveState.Active;

    private static bool IsDown(UnitStatus status) => status.ActiveState is UnitActiveState.Inactive or UnitActiveState.Failed;

    [Fact]
    public async Task Requires_with_After_on_a_unit_whose_start_fails_never_starts_the_dependent()
    {
        await _runner.LoadAsync("db.service", FailingOneshot);
        await _runner.LoadAsync("app.service", Service("Requires=db.service\nAfter=db.service", "app-started"));

        var app = await _runner.Manager.StartAsync("app.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Failed, _runner.Manager.Find("db.service")!.ActiveState);
        Assert.Equal(UnitActiveState.Inactive, app.ActiveState);
        Assert.Equal("dead", app.SubState);
        Assert.Equal("dependency", app.Result);
        Assert.Equal("Dependency failed for app.service.", app.StatusText);
        Assert.Contains("Dependency failed for app.service.", await _runner.JournalTextAsync("app.service"), StringComparison.Ordinal);
        Assert.False(File.Exists(Marker("app-started")));
    }

    [Fact]
    public async Task Requires_without_After_starts_both_units()
    {
        await _runner.LoadAsync("db.service", Service(string.Empty, "db-started"));
        await _runner.LoadAsync("app.service", Service("Requires=db.service", "app-started"));

        var app = await _runner.Manager.StartAsync("app.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Active, app.ActiveState);
        Assert.Equal(UnitActiveState.Active, _runner.Manager.Find("db.service")!.ActiveState);
        await Eventually.TrueAsync(() => File.Exists(Marker("db-started")) && File.Exists(Marker("app-started")), "both units should have run");
    }

    [Fact]
    public async Task Wants_on_a_failing_unit_still_starts_the_dependent()
    {
        await _runner.LoadAsync("extra.service", FailingOneshot);
        await _runner.LoadAsync("app.service", Service("Wants=extra.service\nAfter=extra.service", "app-started"));

        var app = await _runner.Manager.StartAsync("app.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Active, app.ActiveState);
        Assert.Equal(UnitActiveState.Failed, _runner.Manager.Find("extra.service")!.ActiveState);
        await Eventually.TrueAsync(() => File.Exists(Marker("app-started")), "the wanting unit never ran");
    }

    [Fact]
    public async Task Requisite_on_an_inactive_unit_refuses_the_start_and_starts_nothing()
    {
        await _runner.LoadAsync("base.service", Service(string.Empty, "base-started"));
        await _runner.LoadAsync("app.service", Service("Requisite=base.service\nAfter=base.service", "app-started"));

        var app = await _runner.Manager.StartAsync("app.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, app.ActiveState);
        Assert.Equal("dependency", app.Result);
        Assert.Equal(UnitActiveState.Inactive, _runner.Manager.Find("base.service")!.ActiveState);
        Assert.False(File.Exists(Marker("app-started")));
        Assert.False(File.Exists(Marker("base-started")));
    }

    [Fact]
    public async Task Requisite_on_an_active_unit_lets_the_start_go_on()
    {
        await _runner.LoadAndStartAsync("base.service", Service(string.Empty, "base-started"));
        await _runner.LoadAsync("app.service", Service("Requisite=base.service\nAfter=base.service", "app-started"));

        var app = await _runner.Manager.StartAsync("app.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Active, app.ActiveState);
    }

    [Fact]
    public async Task A_missing_required_unit_refuses_the_start_with_the_reason_and_throws_nothing()
    {
        await _runner.LoadAsync("app.service", Service("Requires=missing.service", "app-started"));

        var app = await _runner.Manager.StartAsync("app.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, app.ActiveState);
        Assert.Equal("success", app.Result);
        Assert.Equal("Unit missing.service not found.", app.StatusText);
        Assert.Contains("Failed to start app.service: Unit missing.service not found.", await _runner.JournalTextAsync("app.service"), StringComparison.Ordinal);
        Assert.False(File.Exists(Marker("app-started")));
    }

    [Fact]
    public async Task Contradicting_requirements_refuse_the_start_and_leave_running_units_alone()
    {
        await _runner.LoadAndStartAsync("old.service", Service(string.Empty, "old-started"));
        await _runner.LoadAsync("new.service", Service("Requires=old.service\nConflicts=old.service", "new-started"));

        var status = await _runner.Manager.StartAsync("new.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, status.ActiveState);
        Assert.Contains("conflicting jobs", status.StatusText, StringComparison.Ordinal);
        Assert.Equal(UnitActiveState.Active, _runner.Manager.Find("old.service")!.ActiveState);
    }

    [Fact]
    public async Task An_ordering_cycle_of_required_units_refuses_the_start_and_starts_neither()
    {
        await _runner.LoadAsync("a.service", Service("Requires=b.service\nAfter=b.service", "a-started"));
        await _runner.LoadAsync("b.service", Service("Requires=a.service\nAfter=a.service", "b-started"));

        var a = await _runner.Manager.StartAsync("a.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, a.ActiveState);
        Assert.StartsWith("Transaction order is cyclic: ", a.StatusText, StringComparison.Ordinal);
        Assert.Equal(UnitActiveState.Inactive, _runner.Manager.Find("b.service")!.ActiveState);
        Assert.Contains("Failed to start a.service: Transaction order is cyclic", await _runner.JournalTextAsync("a.service"), StringComparison.Ordinal);
        Assert.False(File.Exists(Marker("a-started")) || File.Exists(Marker("b-started")));
    }

    [Fact]
    public async Task BindsTo_stops_the_dependent_when_the_bound_unit_exits_on_its_own()
    {
        var go = Marker("go");
        await _runner.LoadAsync("base.service", $"[Service]\nExecStart=/bin/sh -c 'while [ ! -e {go} ]; do sleep 0.05; done'\n");
        await _runner.LoadAsync("app.service", Service("BindsTo=base.service\nAfter=base.service", "app-started"));
        var app = await _runner.Manager.StartAsync("app.service", CancellationToken.None);
        Assert.Equal(UnitActiveState.Active, app.ActiveState);
        Assert.Equal(UnitActiveState.Active, _runner.Manager.Find("base.service")!.ActiveState);

        await File.WriteAllTextAsync(go, string.Empty);

        var stopped = await _runner.WaitForStatusAsync("app.service", IsDown);
        Assert.Equal(UnitActiveState.Inactive, stopped.ActiveState);
        Assert.Equal("success", _runner.Manager.Find("base.service")!.Result);
        Assert.False(ProcessFacts.IsAlive(app.MainPid!.Value));
        await _runner.WaitForJournalAsync("app.service", "Unit app.service is bound to inactive unit base.service. Stopping, too.");
    }

    [Fact]
    public async Task BindsTo_without_After_stops_the_dependent_again_when_the_bound_unit_fails_to_start()
    {
        await _runner.LoadAsync("base.service", "[Service]\nType=oneshot\nExecStart=/bin/sh -c 'sleep 0.3; exit 1'\n");
        await _runner.LoadAsync("app.service", Service("BindsTo=base.service", "app-started"));

        await _runner.Manager.StartAsync("app.service", CancellationToken.None);

        // The dependent started alongside (no ordering), then the Failed event of base.service stopped it.
        await Eventually.TrueAsync(() => File.Exists(Marker("app-started")), "the bound unit never started alongside");
        var app = await _runner.WaitForStatusAsync("app.service", IsDown);
        Assert.Equal(UnitActiveState.Inactive, app.ActiveState);
        Assert.Equal(UnitActiveState.Failed, _runner.Manager.Find("base.service")!.ActiveState);
    }

    [Fact]
    public async Task BindsTo_stops_a_dependent_that_came_up_only_after_the_bound_unit_had_failed()
    {
        // app waits for slow.service, so base.service has failed (and its Failed event found app still
        // inactive) before app starts: the check after app's job stops it.
        await _runner.LoadAsync("slow.service", "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sleep 0.5\n");
        await _runner.LoadAsync("base.service", FailingOneshot);
        await _runner.LoadAsync("app.service", Service("BindsTo=base.service\nWants=slow.service\nAfter=slow.service", "app-started"));

        await _runner.Manager.StartAsync("app.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Failed, _runner.Manager.Find("base.service")!.ActiveState);
        var app = await _runner.WaitForStatusAsync("app.service", IsDown);
        Assert.Equal(UnitActiveState.Inactive, app.ActiveState);
        await _runner.WaitForJournalAsync("app.service", "Unit app.service is bound to inactive unit base.service. Stopping, too.");
    }

    [Fact]
    public async Task PartOf_stops_the_part_when_the_parent_is_stopped()
    {
        await _runner.LoadAndStartAsync("parent.service", Service(string.Empty, "parent-started"));
        var part = await _runner.LoadAndStartAsync("part.service", Service("PartOf=parent.service", "part-started"));
        Assert.Equal(UnitActiveState.Active, part.ActiveState);

        var parent = await _runner.Manager.StopAsync("parent.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, parent.ActiveState);
        Assert.Equal(UnitActiveState.Inactive, _runner.Manager.Find("part.service")!.ActiveState);
        Assert.False(ProcessFacts.IsAlive(part.MainPid!.Value));
    }

    [Fact]
    public async Task PartOf_does_not_start_the_parent_and_stopping_the_part_leaves_the_parent_running()
    {
        await _runner.LoadAsync("parent.service", Service(string.Empty, "parent-started"));
        await _runner.LoadAndStartAsync("part.service", Service("PartOf=parent.service", "part-started"));
        Assert.Equal(UnitActiveState.Inactive, _runner.Manager.Find("parent.service")!.ActiveState);

        await _runner.Manager.StartAsync("parent.service", CancellationToken.None);
        await _runner.Manager.StopAsync("part.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Active, _runner.Manager.Find("parent.service")!.ActiveState);
    }

    [Fact]
    public async Task Conflicts_starting_one_unit_stops_the_other()
    {
        var old = await _runner.LoadAndStartAsync("old.service", Service(string.Empty, "old-started"));
        await _runner.LoadAsync("new.service", Service("Conflicts=old.service", "new-started"));

        var started = await _runner.Manager.StartAsync("new.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Active, started.ActiveState);
        Assert.Equal(UnitActiveState.Inactive, _runner.Manager.Find("old.service")!.ActiveState);
        Assert.False(ProcessFacts.IsAlive(old.MainPid!.Value));

        // And the other way round: the unit that did not declare the conflict stops the one that did.
        await _runner.Manager.StartAsync("old.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, _runner.Manager.Find("new.service")!.ActiveState);
    }

    [Fact]
    public async Task After_runs_the_later_start_only_once_the_earlier_unit_has_started()
    {
        // The earlier unit takes a while to come up; without the ordering the later one would start at once.
        await _runner.LoadAsync("first.service", $"""
            [Service]
            Type=oneshot
            RemainAfterExit=yes
            ExecStart=/bin/sh -c 'sleep 0.5; touch {Marker("first-done")}'
            """);
        await _runner.LoadAsync("second.service", $"""
            [Unit]
            Wants=first.service
            After=first.service

            [Service]
            ExecStart=/bin/sh -c 'if [ -e {Marker("first-done")} ]; then touch {Marker("saw-first")}; fi; touch {Marker("second-ran")}; exec sleep 300'
            """);

        var second = await _runner.Manager.StartAsync("second.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Active, second.ActiveState);
        await Eventually.TrueAsync(() => File.Exists(Marker("second-ran")), "the later unit never ran");
        Assert.True(File.Exists(Marker("saw-first")), "the later unit started before the earlier one had finished starting");
    }

    [Fact]
    public async Task OnFailure_starts_the_handler_when_a_unit_fails()
    {
        await _runner.LoadAsync("handler.service", $"[Service]\nType=oneshot\nExecStart=/bin/touch {Marker("handled")}\n");
        await _runner.LoadAsync("crash.service", "[Unit]\nOnFailure=handler.service\n\n[Service]\nExecStart=/bin/sh -c 'sleep 0.2; exit 3'\n");

        await _runner.Manager.StartAsync("crash.service", CancellationToken.None);

        await _runner.WaitForStatusAsync("crash.service", s => s.ActiveState == UnitActiveState.Failed);
        await Eventually.TrueAsync(() => File.Exists(Marker("handled")), "the OnFailure= unit never ran");
        await _runner.WaitForJournalAsync("crash.service", "Triggering OnFailure= dependencies: starting handler.service.");
    }

    [Fact]
    public async Task A_missing_OnFailure_unit_is_reported_on_the_failed_unit_and_the_other_reactions_still_run()
    {
        await _runner.LoadAsync("handler.service", $"[Service]\nType=oneshot\nExecStart=/bin/touch {Marker("handled")}\n");
        await _runner.LoadAsync("crash.service", "[Unit]\nOnFailure=missing.service handler.service\n\n[Service]\nExecStart=/bin/sh -c 'sleep 0.2; exit 3'\n");

        await _runner.Manager.StartAsync("crash.service", CancellationToken.None);

        await _runner.WaitForJournalAsync("crash.service", "Failed to start missing.service: Unit missing.service not found.");
        await Eventually.TrueAsync(() => File.Exists(Marker("handled")), "the loaded OnFailure= unit never ran");
        var crash = _runner.Manager.Find("crash.service")!;
        Assert.Equal(UnitActiveState.Failed, crash.ActiveState);
        Assert.Contains("status=3", crash.StatusText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnFailure_is_not_triggered_by_a_clean_stop()
    {
        await _runner.LoadAsync("handler.service", $"[Service]\nType=oneshot\nExecStart=/bin/touch {Marker("handled")}\n");
        await _runner.LoadAndStartAsync("calm.service", "[Unit]\nOnFailure=handler.service\n\n[Service]\nExecStart=/bin/sleep 300\n");

        await _runner.Manager.StopAsync("calm.service", CancellationToken.None);
        await _runner.WaitForJournalAsync("calm.service", "Stopped calm.service.");

        Assert.Equal(UnitActiveState.Inactive, _runner.Manager.Find("handler.service")!.ActiveState);
        Assert.False(File.Exists(Marker("handled")));
    }

    [Fact]
    public async Task Stopping_a_required_unit_stops_its_dependents_first()
    {
        var stopOrder = Marker("stop-order");
        await _runner.LoadAsync("db.service", $"[Service]\nExecStart=/bin/sleep 300\nExecStop=/bin/sh -c 'echo db >> {stopOrder}'\n");
        await _runner.LoadAsync("app.service", $"[Unit]\nRequires=db.service\nAfter=db.service\n\n[Service]\nExecStart=/bin/sleep 300\nExecStop=/bin/sh -c 'echo app >> {stopOrder}'\n");
        var app = await _runner.Manager.StartAsync("app.service", CancellationToken.None);
        Assert.Equal(UnitActiveState.Active, _runner.Manager.Find("db.service")!.ActiveState);

        var db = await _runner.Manager.StopAsync("db.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, db.ActiveState);
        Assert.Equal(UnitActiveState.Inactive, _runner.Manager.Find("app.service")!.ActiveState);
        Assert.False(ProcessFacts.IsAlive(app.MainPid!.Value));
        Assert.Equal(["app", "db"], await File.ReadAllLinesAsync(stopOrder));
    }

    [Fact]
    public async Task A_unit_that_requires_itself_still_starts()
    {
        var status = await _runner.LoadAndStartAsync("self.service", Service("Requires=self.service\nAfter=self.service", "self-started"));

        Assert.True(IsActive(status));
    }
}
