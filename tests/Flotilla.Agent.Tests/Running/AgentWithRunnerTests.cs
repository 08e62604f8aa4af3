using Flotilla.Agent.Running;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Layout;
using Flotilla.Runner;
using Flotilla.Testing;
using Flotilla.Units.Syntax;

namespace Flotilla.Agent.Tests.Running;

/// <summary>
/// The agent with the real built-in runner and real processes, in-process against the embedded store
/// (so the test can read the published states while the agent runs).
/// </summary>
public sealed class AgentWithRunnerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TemporaryDirectory _directory = new();
    private readonly CapturingLogger _log = new();
    private EmbeddedRegistry _store = null!;
    private ClusterRegistry _cluster = null!;
    private BuiltInUnitManager _runner = null!;

    public Task InitializeAsync()
    {
        _store = EmbeddedRegistry.Open(_directory.Database);
        _cluster = new ClusterRegistry(_store);
        _runner = new BuiltInUnitManager(new BuiltInRunnerOptions
        {
            StateDirectory = Path.Combine(_directory.Path, "runner"),
            RunnerId = "flotilla-agent-test-" + Guid.NewGuid().ToString("N")[..12],
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_unit_with_a_bad_ExecStart_is_published_failed_while_the_other_units_run()
    {
        string marker = Path.Combine(_directory.Path, "good-ran");
        await SubmitAsync("bad.service", "/nonexistent/program --flag");
        await SubmitAsync("good.service", $"/bin/sh -c 'touch {marker}; exec sleep 60'");
        var agent = new MachineAgent(_store, _runner, new AgentOptions { MachineId = "m1", Logger = _log, AgentTtl = TimeSpan.FromSeconds(5) });
        using var stop = new CancellationTokenSource();
        Task running = agent.RunAsync(stop.Token);

        try
        {
            UnitStateRecord bad = await StateAsync("bad.service", s => s.ActiveState == "failed");
            Assert.Equal("failed", bad.SubState);
            await StateAsync("good.service", s => s.ActiveState == "active" && s.SubState == "running");
            Assert.True(File.Exists(marker));
            UnitStatus status = _runner.Find("bad.service")!;
            Assert.Contains("/nonexistent/program", status.StatusText ?? "", StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await running.WaitAsync(Patience);
        }

        Assert.Empty(_runner.List());
        Assert.Empty((await _cluster.ListUnitStatesAsync(default)).Entries);
    }

    private async Task SubmitAsync(string name, string execStart)
    {
        UnitFile file = UnitFileParser.Parse(name, $"[Service]\nExecStart={execStart}\n");
        await _cluster.PutUnitAsync(new UnitRecord(name, file.NormalizedText, file.Hash, UnitDesiredState.Launched), default);
        await _store.TransactAsync(new Registry.Transactions.TransactionRequest([], [_cluster.PutAssignment(new AssignmentRecord(name, "m1", file.Hash))]));
    }

    private async Task<UnitStateRecord> StateAsync(string unit, Func<UnitStateRecord, bool> condition)
    {
        DateTime giveUp = DateTime.UtcNow + Patience;
        while (true)
        {
            UnitStateRecord? state = (await _cluster.ListUnitStatesAsync(unit, default)).Entries.Select(e => e.Record).FirstOrDefault(condition);
            if (state is not null)
            {
                return state;
            }

            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"{unit} did not reach the expected state; log:\n{string.Join('\n', _log.Messages)}");
            }

            await Task.Delay(50);
        }
    }
}
