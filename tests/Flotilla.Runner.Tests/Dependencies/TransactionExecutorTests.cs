using Flotilla.Runner.Dependencies;
using static Flotilla.Runner.Tests.Dependencies.Scenario;

namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>Running planned transactions against an in-memory runner.</summary>
public sealed class TransactionExecutorTests
{
    [Fact]
    public async Task An_ordered_job_waits_until_the_job_before_it_has_finished()
    {
        var target = new FakeUnitJobTarget();
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["b.service"], After = ["b.service"] }),
            Unit("b.service"));
        target.Hold("start b.service");

        var run = new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);
        await target.Begun("start b.service");
        Assert.False(target.HasBegun("start a.service"));
        target.Release("start b.service");
        var outcome = await run;

        Assert.Equal(["start b.service", "start a.service"], target.Calls);
        Assert.True(outcome.Succeeded);
        Assert.Equal(UnitActiveState.Active, target.StateOf("a.service"));
    }

    [Fact]
    public async Task Jobs_without_an_ordering_between_them_run_at_the_same_time()
    {
        var target = new FakeUnitJobTarget();
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["b.service", "c.service"] }),
            Unit("b.service"),
            Unit("c.service"));
        target.Hold("start b.service");
        target.Hold("start c.service");

        var run = new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);

        // Each job is held until released: both can have begun only if they run concurrently.
        await Task.WhenAll(target.Begun("start b.service"), target.Begun("start c.service"), target.Begun("start a.service"));
        target.Release("start b.service");
        target.Release("start c.service");
        Assert.True((await run).Succeeded);
    }

    [Fact]
    public async Task A_failed_requirement_cancels_the_ordered_dependents_transitively_with_the_reason()
    {
        var target = new FakeUnitJobTarget();
        target.FailingStarts.Add("db.service");
        var transaction = Accepted(
            JobRequest.Start("web.service"),
            Unit("web.service", new() { Requires = ["app.service"], After = ["app.service"] }),
            Unit("app.service", new() { BindsTo = ["db.service"], After = ["db.service"] }),
            Unit("db.service"));

        var outcome = await new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);

        Assert.Equal(["start db.service"], target.Calls);
        Assert.Equal(JobResult.Failed, outcome.ForUnit("db.service")!.Result);
        Assert.Equal("db.service failed (result exit-code)", outcome.ForUnit("db.service")!.Reason);
        Assert.Equal((JobResult.Cancelled, "dependency failed: db.service"), Summary(outcome.ForUnit("app.service")!));
        Assert.Equal((JobResult.Cancelled, "dependency failed: app.service"), Summary(outcome.ForUnit("web.service")!));
        Assert.Equal(["failed", "dependency", "dependency"], new[] { "db.service", "app.service", "web.service" }.Select(u => outcome.ForUnit(u)!.ResultText));
        Assert.False(outcome.Succeeded);
    }

    [Fact]
    public async Task Without_an_ordering_a_failed_requirement_does_not_cancel_the_dependent()
    {
        var target = new FakeUnitJobTarget();
        target.FailingStarts.Add("db.service");
        var transaction = Accepted(
            JobRequest.Start("web.service"),
            Unit("web.service", new() { Requires = ["db.service"] }),
            Unit("db.service"));

        var outcome = await new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);

        Assert.Equal(JobResult.Done, outcome.ForUnit("web.service")!.Result);
        Assert.Equal(JobResult.Failed, outcome.ForUnit("db.service")!.Result);
    }

    [Fact]
    public async Task A_wanted_unit_that_fails_is_ignored()
    {
        var target = new FakeUnitJobTarget();
        target.FailingStarts.Add("metrics.service");
        var transaction = Accepted(
            JobRequest.Start("web.service"),
            Unit("web.service", new() { Wants = ["metrics.service"], After = ["metrics.service"] }),
            Unit("metrics.service"));

        var outcome = await new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);

        Assert.Equal(["start metrics.service", "start web.service"], target.Calls);
        Assert.Equal(JobResult.Done, outcome.ForUnit("web.service")!.Result);
        Assert.Equal(UnitActiveState.Active, target.StateOf("web.service"));
    }

    [Fact]
    public async Task A_requisite_that_is_not_active_fails_its_check_and_cancels_the_start()
    {
        var target = new FakeUnitJobTarget();
        var transaction = Accepted(
            JobRequest.Start("web.service"),
            Unit("web.service", new() { Requisite = ["mount.service"], After = ["mount.service"] }),
            Unit("mount.service"));

        var outcome = await new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);

        Assert.Empty(target.Calls);
        Assert.Equal((JobResult.Failed, "mount.service is not active"), Summary(outcome.Find("mount.service", JobType.VerifyActive)!));
        Assert.Equal("skipped", outcome.Find("mount.service", JobType.VerifyActive)!.ResultText);
        Assert.Equal((JobResult.Cancelled, "dependency failed: mount.service"), Summary(outcome.ForUnit("web.service")!));
    }

    [Fact]
    public async Task A_requisite_that_became_active_since_planning_passes_its_check()
    {
        var target = new FakeUnitJobTarget();
        var transaction = Accepted(
            JobRequest.Start("web.service"),
            Unit("web.service", new() { Requisite = ["mount.service"], After = ["mount.service"] }),
            Unit("mount.service"));
        target.With("mount.service", UnitActiveState.Active);

        var outcome = await new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.Equal(["start web.service"], target.Calls);
    }

    [Fact]
    public async Task Conflicting_units_are_stopped_before_the_start()
    {
        var target = new FakeUnitJobTarget().With("old.service", UnitActiveState.Active);
        var transaction = Accepted(
            JobRequest.Start("new.service"),
            Unit("new.service", new() { Conflicts = ["old.service"], After = ["old.service"] }),
            Unit("old.service", state: Active));

        var outcome = await new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);

        Assert.Equal(["stop old.service", "start new.service"], target.Calls);
        Assert.True(outcome.Succeeded);
        Assert.Equal(UnitActiveState.Inactive, target.StateOf("old.service"));
    }

    [Fact]
    public async Task A_conflicting_unit_that_will_not_stop_cancels_the_start()
    {
        var target = new FakeUnitJobTarget().With("old.service", UnitActiveState.Active);
        target.FailingStops.Add("old.service");
        var transaction = Accepted(
            JobRequest.Start("new.service"),
            Unit("new.service", new() { Conflicts = ["old.service"], After = ["old.service"] }),
            Unit("old.service", state: Active));

        var outcome = await new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);

        Assert.Equal((JobResult.Failed, "old.service is still active after stop"), Summary(outcome.ForUnit("old.service")!));
        Assert.Equal((JobResult.Cancelled, "dependency failed: old.service"), Summary(outcome.ForUnit("new.service")!));
    }

    [Fact]
    public async Task A_restart_whose_stop_fails_does_not_start_again_and_counts_as_failed()
    {
        var target = new FakeUnitJobTarget().With("a.service", UnitActiveState.Active);
        target.FailingStops.Add("a.service");
        var transaction = Accepted(JobRequest.Restart("a.service"), Unit("a.service", state: Active));

        var outcome = await new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);

        Assert.Equal(["stop a.service"], target.Calls);
        Assert.Equal(JobResult.Failed, outcome.ForUnit("a.service")!.Result);
        Assert.Equal((JobResult.Cancelled, "dependency failed: a.service"), Summary(outcome.Find("a.service", JobType.Start)!));
    }

    [Fact]
    public async Task Restart_of_ordered_units_stops_dependents_first_and_starts_them_last()
    {
        var target = new FakeUnitJobTarget().With("a.service", UnitActiveState.Active).With("b.service", UnitActiveState.Active);
        var transaction = Accepted(
            JobRequest.Restart("a.service"),
            Unit("a.service", state: Active),
            Unit("b.service", new() { Requires = ["a.service"], After = ["a.service"] }, Active));

        var outcome = await new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);

        Assert.Equal(["stop b.service", "stop a.service", "start a.service", "start b.service"], target.Calls);
        Assert.True(outcome.Succeeded);
    }

    [Fact]
    public async Task A_runner_that_throws_fails_that_job_only()
    {
        var target = new FakeUnitJobTarget();
        target.ThrowingStarts.Add("b.service");
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["b.service", "c.service"], After = ["b.service"] }),
            Unit("b.service"),
            Unit("c.service"));

        var outcome = await new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);

        Assert.Equal((JobResult.Failed, "cannot fork for b.service"), Summary(outcome.ForUnit("b.service")!));
        Assert.Equal(JobResult.Done, outcome.ForUnit("a.service")!.Result);
        Assert.Equal(JobResult.Done, outcome.ForUnit("c.service")!.Result);
    }

    [Fact]
    public async Task Cancelling_the_run_cancels_jobs_not_begun_and_throws_once_running_jobs_returned()
    {
        var target = new FakeUnitJobTarget();
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["b.service"], After = ["b.service"] }),
            Unit("b.service"));
        target.Hold("start b.service");
        using var cancellation = new CancellationTokenSource();

        var run = new TransactionExecutor(target).RunAsync(transaction, cancellation.Token);
        await target.Begun("start b.service");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(["start b.service"], target.Calls);
    }

    [Fact]
    public async Task An_empty_transaction_succeeds_without_calling_the_runner()
    {
        var target = new FakeUnitJobTarget();
        var transaction = new Transaction([], [], [], [], []);

        var outcome = await new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.Empty(target.Calls);
    }

    [Fact]
    public async Task Each_job_is_reported_as_it_ends_in_the_order_of_the_outcome()
    {
        var target = new FakeUnitJobTarget();
        target.FailingStarts.Add("b.service");
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["b.service"], After = ["b.service"], Wants = ["c.service"] }),
            Unit("b.service"),
            Unit("c.service", new() { After = ["a.service"] }));
        var executor = new TransactionExecutor(target);
        var reported = new List<JobOutcome>();
        executor.JobFinished += (_, outcome) => reported.Add(outcome);

        var result = await executor.RunAsync(transaction, CancellationToken.None);

        Assert.Equal(result.Jobs, reported);
        Assert.Equal(["b.service/start", "a.service/start", "c.service/start"], reported.Select(o => o.Job.ToString()));
        Assert.Equal(["failed", "dependency", "done"], reported.Select(o => o.ResultText));
    }

    private static (JobResult, string?) Summary(JobOutcome outcome) => (outcome.Result, outcome.Reason);
}
