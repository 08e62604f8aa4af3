namespace Flotilla.Runner.Tests.Supervision;

public sealed class LoadTests : IAsyncLifetime
{
    private readonly RunnerHarness _runner = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _runner.DisposeAsync();

    [Theory]
    [InlineData("[Service]\nType=Simple\nExecStart=/bin/true\n", "Type")]
    [InlineData("[Service]\nExecStart=/bin/echo \"unbalanced\n", "ExecStart")]
    [InlineData("[Service]\nRestart=always\n", "Service has no ExecStart=")]
    [InlineData("this is not a unit file", "bad.service")]
    public async Task Bad_unit_text_loads_with_an_error_and_the_reason(string text, string reason)
    {
        var status = await _runner.Manager.LoadAsync(RunnerHarness.Unit("bad.service", text), CancellationToken.None);

        Assert.Equal(UnitLoadState.Error, status.LoadState);
        Assert.Contains(reason, status.StatusText, StringComparison.Ordinal);

        // Starting it does nothing rather than throwing.
        var started = await _runner.Manager.StartAsync("bad.service", CancellationToken.None);
        Assert.Equal(UnitActiveState.Inactive, started.ActiveState);
    }

    [Fact]
    public async Task A_new_file_for_a_running_unit_applies_at_its_next_start()
    {
        var first = await _runner.LoadAndStartAsync("swap.service", "[Service]\nExecStart=/bin/sh -c 'echo one; exec sleep 300'\n");
        var second = await _runner.Manager.LoadAsync(RunnerHarness.Unit("swap.service", "[Service]\nExecStart=/bin/sh -c 'echo two; exec sleep 300'\n"), CancellationToken.None);

        Assert.NotEqual(first.Hash, second.Hash);
        Assert.Equal(first.MainPid, second.MainPid);

        await _runner.Manager.StopAsync("swap.service", CancellationToken.None);
        await _runner.Manager.StartAsync("swap.service", CancellationToken.None);

        await _runner.WaitForJournalAsync("swap.service", "two");
    }

    [Fact]
    public async Task Jobs_on_an_unknown_unit_throw_UnitNotLoadedException()
    {
        var error = await Assert.ThrowsAsync<UnitNotLoadedException>(() => _runner.Manager.StopAsync("nope.service", CancellationToken.None));

        Assert.Equal("nope.service", error.UnitName);
        await _runner.Manager.UnloadAsync("nope.service", CancellationToken.None);
    }

    [Fact]
    public async Task Loading_a_new_file_does_not_wait_for_a_start_in_progress()
    {
        await _runner.LoadAsync("busy.service", "[Service]\nType=oneshot\nExecStart=/bin/sleep 300\n");
        var start = _runner.Manager.StartAsync("busy.service", CancellationToken.None);
        await _runner.WaitForStatusAsync("busy.service", s => s.ActiveState == UnitActiveState.Activating);

        var load = _runner.Manager.LoadAsync(RunnerHarness.Unit("busy.service", "[Service]\nType=oneshot\nExecStart=/bin/true\n"), CancellationToken.None);
        await Eventually.TrueAsync(() => load.IsCompleted, "the load waited for the start");

        Assert.Equal(UnitActiveState.Activating, (await load).ActiveState);
        await _runner.Manager.StopAsync("busy.service", CancellationToken.None);
        await start;
    }
}
