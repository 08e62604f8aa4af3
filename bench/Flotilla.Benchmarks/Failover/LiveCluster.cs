using Flotilla.Registry.Election;
using Flotilla.Registry.Etcd;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Transactions;
using Flotilla.Units.Syntax;

namespace Flotilla.Benchmarks.Failover;

/// <summary>
/// A few real <c>flotilla agent</c> processes sharing one etcd under a prefix of their own, so every run
/// of the harness gets a cluster of the same shape. Disposing kills every agent and every unit process.
/// </summary>
internal sealed class LiveCluster : IAsyncDisposable
{
    private readonly string _directory;
    private readonly IReadOnlyList<string> _agentOptions;
    private readonly List<BenchAgent> _agents = [];
    private readonly string _machinePrefix = "f" + Guid.NewGuid().ToString("N")[..6] + "-";

    private LiveCluster(string etcdUrl, IReadOnlyList<string> agentOptions)
    {
        Layout = new RegistryLayout($"/failover-{Guid.NewGuid():N}/");
        _directory = Path.Combine(Path.GetTempPath(), $"flotilla-failover-{Guid.NewGuid():N}");
        Registry = new EtcdRegistry(new EtcdRegistryOptions { Endpoints = [etcdUrl], RequestTimeout = TimeSpan.FromSeconds(30) });
        Cluster = new ClusterRegistry(Registry, Layout);
        _agentOptions =
        [
            "--registry", "etcd", "--etcd-endpoints", etcdUrl, "--prefix", Layout.Prefix, "--public-ip", "127.0.0.1",
            .. agentOptions,
        ];
    }

    public RegistryLayout Layout { get; }

    public EtcdRegistry Registry { get; }

    public ClusterRegistry Cluster { get; }

    public IReadOnlyList<BenchAgent> Agents => _agents;

    /// <summary>Set when a run failed: the agents' logs are then kept (the directory is named in the error).</summary>
    public bool KeepLogs { get; set; }

    public string LogDirectory => _directory;

    /// <summary>Starts <paramref name="agents"/> agents and returns once all are registered and one engine leads.</summary>
    public static async Task<LiveCluster> StartAsync(string etcdUrl, int agents, IReadOnlyList<string> agentOptions, CancellationToken cancellationToken)
    {
        var cluster = new LiveCluster(etcdUrl, agentOptions);
        try
        {
            for (int i = 0; i < agents; i++)
            {
                cluster._agents.Add(cluster.StartAgent($"{cluster._machinePrefix}{i}"));
            }

            await cluster.WaitUntilAsync(
                async () => (await cluster.Cluster.ListMachinesAsync(cancellationToken)).Entries.Count == agents && await cluster.LeaderAsync(cancellationToken) is not null,
                "every agent registered and an engine leading",
                cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The machine whose engine leads (agents campaign with their machine ID), or null between leaders.</summary>
    public async Task<string?> LeaderAsync(CancellationToken cancellationToken) =>
        (await new LeaderElection(Registry, Layout.LeaderPrefix).GetLeaderAsync(cancellationToken))?.Value;

    public BenchAgent Agent(string machineId) => _agents.Single(a => a.MachineId == machineId);

    /// <summary>Submits the units (desired state <paramref name="desired"/>) in transactions of at most 100.</summary>
    public async Task SubmitAsync(IEnumerable<string> names, string serviceSection, UnitDesiredState desired, CancellationToken cancellationToken)
    {
        foreach (string[] batch in names.Chunk(100))
        {
            var operations = batch.Select(name =>
            {
                UnitFile file = UnitFileParser.Parse(name, $"[Unit]\nDescription={name}\n\n[Service]\n{serviceSection}\n");
                return Cluster.PutUnitOperation(new UnitRecord(name, file.NormalizedText, file.Hash, desired));
            }).ToList();
            await Registry.TransactAsync(new TransactionRequest([], operations), cancellationToken);
        }
    }

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (_agents.FirstOrDefault(a => a.HasExited) is { } dead)
            {
                KeepLogs = true;
                throw new InvalidOperationException($"agent {dead.MachineId} exited while waiting for {what}; see {_directory}");
            }

            try
            {
                await Task.Delay(50, patience.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                KeepLogs = true;
                throw new TimeoutException($"waited 60 s for {what}; agent logs in {_directory}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (BenchAgent agent in _agents)
        {
            agent.Dispose();
        }

        await Registry.DisposeAsync();
        if (KeepLogs)
        {
            return;
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A unit's last write may race the delete; the directory is under /tmp.
        }
    }

    /// <summary>Starts a killed agent again, fresh: same machine ID and data directory, as a supervisor restarting the daemon would.</summary>
    public BenchAgent Restart(string machineId)
    {
        int index = _agents.FindIndex(a => a.MachineId == machineId);
        _agents[index].Dispose();
        _agents[index] = StartAgent(machineId);
        return _agents[index];
    }

    private BenchAgent StartAgent(string machineId) =>
        BenchAgent.Start(machineId, Path.Combine(_directory, machineId), _agentOptions);
}
