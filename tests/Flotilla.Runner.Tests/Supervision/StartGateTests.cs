namespace Flotilla.Runner.Tests.Supervision;

/// <summary>
/// The start gate the agent closes while it cannot show it holds its presence lease: no start and no
/// automatic restart gets through it, so a fenced machine never brings a unit back by itself.
/// </summary>
public sealed class StartGateTests : IAsyncLifetime
{
    private readonly RunnerHarness _harness = new();
    private readonly string _runnerId = "gate-" + Guid.NewGuid().ToString("N")[..12];
    private volatile string? _refusal;
    private BuiltInUnitManager _manager = null!;

    private string Starts => Path.Combine(_harness.Scratch, "starts");

    private int StartCount => File.Exists(Starts) ? File.ReadAllLines(Starts).Length : 0;

    public Task InitializeAsync()
    {
        _manager = new BuiltInUnitManager(_harness.Options(_runnerId) with { StartGate = () => _refusal });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        RunnerLeftovers.KillAll(_runnerId);
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task A_closed_gate_refuses_a_start_with_its_reason_in_status_and_journal()
    {
        _refusal = "the agent lost the registry";
        await _manager.LoadAsync(RunnerHarness.Unit("web.service", Unit("always")), CancellationToken.None);

        UnitStatus status = await _manager.StartAsync("web.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Failed, status.ActiveState);
        Assert.Equal("resources", status.Result);
        Assert.Equal("Refused to start: the agent lost the registry", status.StatusText);
        Assert.Contains(await _manager.ReadJournalAsync("web.service", 100, CancellationToken.None), e => e.Text == "Refused to start: the agent lost the registry");
        Assert.Equal(0, StartCount);
    }

    [Fact]
    public async Task A_gate_closed_while_the_unit_runs_stops_Restart_always_from_bringing_it_back()
    {
        await _manager.LoadAsync(RunnerHarness.Unit("web.service", Unit("always")), CancellationToken.None);
        UnitStatus running = await _manager.StartAsync("web.service", CancellationToken.None);
        Assert.Equal(UnitActiveState.Active, running.ActiveState);
        await Eventually.TrueAsync(() => StartCount == 1, "the unit never ran");

        // What the agent's watchdog does to a frozen agent's units: SIGKILL from outside.
        _refusal = "the agent lost the registry";
        RunnerLeftovers.KillAll(_runnerId);

        await Eventually.TrueAsync(() => _manager.Find("web.service") is { ActiveState: UnitActiveState.Failed }, "the unit never settled as failed");
        await Task.Delay(500); // RestartSec=100ms: a restart would have happened by now.
        Assert.Equal(1, StartCount);
        Assert.Equal("Refused to start: the agent lost the registry", _manager.Find("web.service")!.StatusText);

        // Open again (the agent re-registered): starting works as before.
        _refusal = null;
        UnitStatus again = await _manager.StartAsync("web.service", CancellationToken.None);
        Assert.Equal(UnitActiveState.Active, again.ActiveState);
        await Eventually.TrueAsync(() => StartCount == 2, "the unit never ran again");
    }

    private string Unit(string restart) => $"""
        [Service]
        Restart={restart}
        RestartSec=100ms
        ExecStart=/bin/sh -c 'date +%%s%%N >> {Starts}; exec sleep 300'
        """;
}
