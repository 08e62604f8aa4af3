using Flotilla.Registry.Etcd;
using Flotilla.Registry.Layout;
using Flotilla.Testing;
using Flotilla.Testing.Etcd;
using Flotilla.Units.Syntax;
using Xunit.Abstractions;

namespace Flotilla.Cli.Tests.Agent;

/// <summary>
/// Three real <c>flotilla agent</c> processes sharing one real etcd, as three machines would. Their
/// units are shell loops that write a heartbeat file per run, so the tests see exactly when each copy of
/// a unit lived, even when it was killed with SIGKILL.
/// </summary>
public sealed class AgentClusterTests(SingleMemberEtcd etcd, ITestOutputHelper output) : IClassFixture<SingleMemberEtcd>, IAsyncLifetime
{
    private static readonly TimeSpan AgentTtl = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly RegistryLayout _layout = new($"/agents-{Guid.NewGuid():N}/");
    private readonly string _machinePrefix = "m" + Guid.NewGuid().ToString("N")[..8];
    private readonly TemporaryDirectory _directory = new();
    private readonly List<AgentProcess> _agents = [];
    private readonly List<string> _machines = [];
    private EtcdRegistry _registry = null!;
    private ClusterRegistry _cluster = null!;
    private UnitRunLog _runs = null!;

    public Task InitializeAsync()
    {
        _registry = etcd.Connect();
        _cluster = new ClusterRegistry(_registry, _layout);
        _runs = new UnitRunLog(Path.Combine(_directory.Path, "runs"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (AgentProcess agent in _agents)
        {
            agent.Dispose();
        }

        foreach (string machine in _machines)
        {
            AgentProcess.KillProcessesOf(machine);
        }

        await _registry.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_global_unit_runs_on_every_machine_whose_metadata_matches_and_nowhere_else()
    {
        await StartClusterAsync("role=web", "role=web", "role=db");

        await SubmitAsync("edge.service", "[X-Fleet]\nGlobal=true\nMachineMetadata=role=web\n");

        string[] web = [_machines[0], _machines[1]];
        await WaitUntilAsync(() => web.All(m => RunningOn("edge.service").Contains(m)), "edge.service running on both web machines");

        // Every agent has had time to decide: the db machine must not have started it.
        await Task.Delay(AgentTtl);
        Assert.Equal(web.Order(), RunningOn("edge.service").Order());
        Assert.DoesNotContain(_runs.Runs(), r => r.Machine == _machines[2]);

        var states = await _cluster.ListUnitStatesAsync(default);
        Assert.Equal(web.Order(), states.Entries.Where(s => s.Record.Name == "edge.service" && s.Record.ActiveState == "active").Select(s => s.Record.Machine).Order());
    }

    [Fact]
    public async Task When_an_agent_is_killed_with_SIGKILL_its_units_run_elsewhere_within_the_TTL_plus_two_seconds_and_never_twice()
    {
        await StartClusterAsync("", "", "");
        string[] units = [.. Enumerable.Range(1, 6).Select(i => $"app{i}.service")];
        foreach (string unit in units)
        {
            await SubmitAsync(unit, "");
        }

        await WaitUntilAsync(() => units.All(u => RunningOn(u).Count == 1), "every unit running once");
        int index = _machines.FindIndex(m => units.Any(u => RunningOn(u).Contains(m)));
        string victim = _machines[index];
        string[] moved = [.. units.Where(u => RunningOn(u).Contains(victim))];

        _agents[index].Signal("KILL");
        DateTimeOffset killedAt = DateTimeOffset.UtcNow;
        await WaitUntilAsync(() => moved.All(u => _runs.Runs().Any(r => r.Unit == u && r.Machine != victim && r.FirstSeen > killedAt)), "the victim's units started elsewhere");

        // Let the victim's watchdog act and a heartbeat or two pass before reading the final picture.
        await Task.Delay(AgentTtl);
        IReadOnlyList<UnitRun> runs = _runs.Runs();
        output.WriteLine(string.Join("\n", runs));
        foreach (string unit in moved)
        {
            UnitRun successor = runs.First(r => r.Unit == unit && r.Machine != victim && r.FirstSeen > killedAt);
            Assert.True(successor.FirstSeen - killedAt <= AgentTtl + TimeSpan.FromSeconds(2), $"{unit} ran elsewhere only {(successor.FirstSeen - killedAt).TotalSeconds:F1} s after the kill");
        }

        // The agent's units did not survive it unmanaged: its watchdog killed them when its lease ran out.
        Assert.All(runs.Where(r => r.Machine == victim), r => Assert.True(r.LastSeen <= killedAt + AgentTtl + TimeSpan.FromSeconds(1), $"{r} outlived its dead agent"));
        Assert.Empty(UnitRunLog.Overlaps(runs));
        Assert.All(units, u => Assert.Single(RunningOn(u)));
    }

    [Fact]
    [Trait("Category", "Chaos")]
    public async Task An_agent_frozen_past_its_TTL_had_its_units_stopped_before_they_started_elsewhere()
    {
        await StartClusterAsync("", "", "");
        string[] units = [.. Enumerable.Range(1, 3).Select(i => $"job{i}.service")];
        foreach (string unit in units)
        {
            // Restart=always: the frozen agent's runner sees its units die (the watchdog) the moment it
            // thaws, and must not bring them back while they run elsewhere.
            await SubmitAsync(unit, "", service: "Restart=always\nRestartSec=0\n");
        }

        await WaitUntilAsync(() => units.All(u => RunningOn(u).Count == 1), "every unit running once");
        int index = _machines.FindIndex(m => units.Any(u => RunningOn(u).Contains(m)));
        string frozen = _machines[index];
        string[] moved = [.. units.Where(u => RunningOn(u).Contains(frozen))];

        _agents[index].Signal("STOP");
        DateTimeOffset frozenAt = DateTimeOffset.UtcNow;
        await WaitUntilAsync(() => moved.All(u => _runs.Runs().Any(r => r.Unit == u && r.Machine != frozen && r.FirstSeen > frozenAt)), "the frozen agent's units started elsewhere");
        await Task.Delay(TimeSpan.FromSeconds(1));
        _agents[index].Signal("CONT");

        // Back, the agent finds its lease gone; it must re-register without starting what now runs elsewhere.
        await WaitUntilAsync(async () => (await _cluster.ListMachinesAsync(default)).Entries.Count == 3, "the thawed agent registered again");
        await Task.Delay(AgentTtl);
        IReadOnlyList<UnitRun> runs = _runs.Runs();
        output.WriteLine(string.Join("\n", runs));
        Assert.Empty(UnitRunLog.Overlaps(runs));
        Assert.All(units, u => Assert.Single(RunningOn(u)));
    }

    private async Task StartClusterAsync(params string[] metadata)
    {
        for (var i = 0; i < metadata.Length; i++)
        {
            List<string> arguments =
            [
                "--registry", "etcd",
                "--etcd-endpoints", string.Join(',', etcd.Endpoints),
                "--prefix", _layout.Prefix,
                "--public-ip", "127.0.0.1",
                "--agent-ttl", "3s",
                "--lease-ttl", "3s",
                "--machine-grace", "500ms",
            ];
            if (metadata[i].Length > 0)
            {
                arguments.AddRange(["--metadata", metadata[i]]);
            }

            string machine = $"{_machinePrefix}{i}";
            arguments.AddRange(["--machine-id", machine, "--data-dir", Path.Combine(_directory.Path, $"agent{i}")]);
            _machines.Add(machine);
            _agents.Add(AgentProcess.Start([.. arguments]));
        }

        await WaitUntilAsync(async () => (await _cluster.ListMachinesAsync(default)).Entries.Count == metadata.Length, "every agent registered");
    }

    private async Task SubmitAsync(string name, string more, string service = "")
    {
        string text = "[Service]\n" + service + _runs.ExecStart(name) + "\n" + more;
        UnitFile file = UnitFileParser.Parse(name, text);
        await _cluster.PutUnitAsync(new UnitRecord(name, file.NormalizedText, file.Hash, UnitDesiredState.Launched), default);
    }

    /// <summary>The machines on which the unit has written a heartbeat within the last half second.</summary>
    private List<string> RunningOn(string unit)
    {
        DateTimeOffset recent = DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(500);
        return [.. _runs.Runs().Where(r => r.Unit == unit && r.LastSeen >= recent).Select(r => r.Machine)];
    }

    private Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"waited {Patience.TotalSeconds} s for {what}:\n" + string.Join("\n---\n", _agents.Select((a, i) => $"{_machines[i]}:\n{a.Log}")));
            }

            await Task.Delay(100);
        }
    }
}
