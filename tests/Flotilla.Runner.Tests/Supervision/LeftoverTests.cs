namespace Flotilla.Runner.Tests.Supervision;

public sealed class LeftoverTests : IAsyncLifetime
{
    private readonly RunnerHarness _runner = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _runner.DisposeAsync();

    [Fact]
    public async Task A_new_manager_kills_what_its_predecessor_left_but_not_another_runners_processes()
    {
        var mine = await _runner.LoadAndStartAsync("left.service", "[Service]\nExecStart=/bin/sh -c 'sleep 300 & exec sleep 300'\n");

        await using var other = new BuiltInUnitManager(_runner.Options(_runner.RunnerId + "-other"));
        await other.LoadAsync(RunnerHarness.Unit("other.service", "[Service]\nExecStart=/bin/sleep 300\n"), CancellationToken.None);
        var theirs = await other.StartAsync("other.service", CancellationToken.None);
        await Eventually.TrueAsync(() => Directory.EnumerateDirectories("/proc").Count(d => HasMarker(d, _runner.RunnerId)) >= 2, "the unit's two processes never ran");

        // As if the agent had been killed with SIGKILL: a new manager with the same id starts.
        var successor = new BuiltInUnitManager(_runner.Options(_runner.RunnerId));

        Assert.False(ProcessFacts.IsAlive(mine.MainPid!.Value));
        Assert.DoesNotContain(Directory.EnumerateDirectories("/proc"), d => HasMarker(d, _runner.RunnerId));
        Assert.True(ProcessFacts.IsAlive(theirs.MainPid!.Value));
        await successor.DisposeAsync();
    }

    [Fact]
    public void KillAll_of_an_id_nobody_uses_kills_nothing() =>
        Assert.Equal(0, RunnerLeftovers.KillAll("nobody-" + Guid.NewGuid().ToString("N")));

    private static bool HasMarker(string procDirectory, string runnerId)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(procDirectory, "stat"));
            if (stat[(stat.LastIndexOf(')') + 2)..][0] == 'Z')
            {
                return false;
            }

            return File.ReadAllText(Path.Combine(procDirectory, "environ")).Split('\0').Contains("FLOTILLA_RUNNER_ID=" + runnerId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
