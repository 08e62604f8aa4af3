namespace Flotilla.Runner.Tests.Supervision;

public sealed class FailureTests : IAsyncLifetime
{
    private readonly RunnerHarness _runner = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _runner.DisposeAsync();

    [Fact]
    public async Task A_bad_ExecStart_path_fails_with_a_clear_reason_while_another_unit_keeps_running()
    {
        var healthy = await _runner.LoadAndStartAsync("healthy.service", "[Service]\nExecStart=/bin/sleep 300\n");

        var broken = await _runner.LoadAndStartAsync("broken.service", "[Service]\nExecStart=/no/such/binary --flag\n");

        var status = await _runner.WaitForStatusAsync("broken.service", s => s.ActiveState == UnitActiveState.Failed);
        Assert.Equal("exit-code", status.Result);
        Assert.Equal("ExecStart: /no/such/binary: No such file or directory", status.StatusText);
        Assert.Contains("ExecStart: /no/such/binary: No such file or directory", await _runner.JournalTextAsync("broken.service"), StringComparison.Ordinal);
        Assert.Contains("status=203", await _runner.JournalTextAsync("broken.service"), StringComparison.Ordinal);

        var stillRunning = _runner.Manager.Find("healthy.service")!;
        Assert.Equal(UnitActiveState.Active, stillRunning.ActiveState);
        Assert.Equal(healthy.MainPid, stillRunning.MainPid);
        Assert.True(ProcessFacts.IsAlive(healthy.MainPid!.Value));
        Assert.NotNull(broken);
    }

    [Fact]
    public async Task A_bare_program_name_is_searched_in_the_fixed_path()
    {
        await _runner.LoadAndStartAsync("bare.service", "[Service]\nType=oneshot\nExecStart=echo found\n");

        await _runner.WaitForJournalAsync("bare.service", "found");
    }

    [Fact]
    public async Task Stderr_is_captured_as_stderr()
    {
        await _runner.LoadAndStartAsync("err.service", "[Service]\nType=oneshot\nExecStart=/bin/sh -c 'echo oops >&2'\n");

        await _runner.WaitForJournalAsync("err.service", "oops");
        var entry = (await _runner.JournalAsync("err.service")).Single(e => e.Text == "oops");
        Assert.Equal(JournalSource.Stderr, entry.Source);
    }
}
