using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Flotilla.Cli.Tests.Agent;
using Flotilla.Registry.Etcd;
using Flotilla.Registry.Layout;
using Flotilla.Testing;
using Flotilla.Testing.Etcd;

namespace Flotilla.Cli.Tests.Chaos;

/// <summary>
/// Real <c>flotilla agent</c> processes on a real etcd (all its endpoints given, as operators do), each
/// with its API on its own 127.0.0.1 port, for the chaos tests. Units are submitted over that API as
/// fleetctl would; they heartbeat into a <see cref="UnitRunLog"/> and carry a <see cref="MarkedProcess"/>
/// mark, so a test sees both the history (who ran when) and what is alive now. Disposing kills every
/// agent, then sweeps every process of its machines, so nothing outlives the test.
/// </summary>
internal sealed class ChaosCluster : IAsyncDisposable
{
    /// <summary>How often test units write their heartbeat: slow enough for dozens of units on two cores.</summary>
    public static readonly TimeSpan Beat = TimeSpan.FromMilliseconds(250);

    private readonly EtcdCluster _etcd;
    private readonly TimeSpan _agentTtl;
    private readonly TemporaryDirectory _directory = new();
    private readonly string _machinePrefix = "c" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<AgentProcess> _agents = [];
    private readonly List<AgentProcess> _retired = [];
    private readonly List<string> _apiUrls = [];
    private readonly HttpClient _http;

    private ChaosCluster(EtcdCluster etcd, TimeSpan agentTtl)
    {
        _etcd = etcd;
        _agentTtl = agentTtl;
        Layout = new RegistryLayout($"/chaos-{Guid.NewGuid():N}/");
        Registry = etcd.Connect();
        Cluster = new ClusterRegistry(Registry, Layout);
        Runs = new UnitRunLog(Path.Combine(_directory.Path, "runs"));
        Mark = Guid.NewGuid().ToString("N")[..12];
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public RegistryLayout Layout { get; }

    public EtcdRegistry Registry { get; }

    public ClusterRegistry Cluster { get; }

    public UnitRunLog Runs { get; }

    /// <summary>This test's value in <see cref="MarkedProcess.Variable"/>, before the unit name.</summary>
    public string Mark { get; }

    public List<string> Machines { get; } = [];

    public IReadOnlyList<AgentProcess> Agents => _agents;

    public static async Task<ChaosCluster> StartAsync(EtcdCluster etcd, int agents, TimeSpan agentTtl)
    {
        var cluster = new ChaosCluster(etcd, agentTtl);
        try
        {
            for (int i = 0; i < agents; i++)
            {
                cluster.Machines.Add($"{cluster._machinePrefix}{i}");
                cluster._apiUrls.Add("");
                cluster._agents.Add(cluster.StartAgent(i));
            }

            await cluster.WaitUntilAsync(async () => (await cluster.Cluster.ListMachinesAsync(default)).Entries.Count == agents, "every agent registered", TimeSpan.FromSeconds(60));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>kill -9 of agent <paramref name="index"/>; its watchdog is left to do its job.</summary>
    public void KillAgent(int index) => _agents[index].Signal("KILL");

    /// <summary>Starts agent <paramref name="index"/> again: same machine ID and data directory, as systemd would restart it.</summary>
    public void RestartAgent(int index)
    {
        _retired.Add(_agents[index]);
        _agents[index] = StartAgent(index);
    }

    /// <summary>The PIDs of the agents alive now (a unit process must descend from one of them).</summary>
    public IReadOnlySet<int> LiveAgentPids() => _agents.Where(a => !a.HasExited).Select(a => a.Pid).ToHashSet();

    /// <summary>The fleet API's options for a test unit: its mark and its heartbeat.</summary>
    public JsonArray Options(string unit)
    {
        string execStart = Runs.ExecStart(unit, Beat);
        return
        [
            Option("Service", "Environment", $"{MarkedProcess.Variable}={Mark}/{unit}"),
            Option("Service", "ExecStart", execStart["ExecStart=".Length..]),
        ];
    }

    /// <summary>PUT /fleet/v1/units/NAME on agent <paramref name="index"/>'s API, with the unit's options unless told otherwise.</summary>
    public async Task<HttpStatusCode> PutAsync(int index, string unit, string desiredState, bool withOptions = true)
    {
        var body = new JsonObject { ["desiredState"] = desiredState };
        if (withOptions)
        {
            body["options"] = Options(unit);
        }

        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _http.PutAsync($"{_apiUrls[index]}/fleet/v1/units/{unit}", content);
        return response.StatusCode;
    }

    public async Task<HttpStatusCode> DeleteAsync(int index, string unit)
    {
        using HttpResponseMessage response = await _http.DeleteAsync($"{_apiUrls[index]}/fleet/v1/units/{unit}");
        return response.StatusCode;
    }

    /// <summary>
    /// Submits a unit as a patient client does while the registry fails over: a 5xx or a broken
    /// connection is retried (on the next agent), a 4xx is a failure of the test.
    /// </summary>
    public async Task SubmitAsync(int firstAgent, string unit, string desiredState, TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        for (int attempt = 0; ; attempt++)
        {
            int index = (firstAgent + attempt) % _agents.Count;
            HttpStatusCode status;
            try
            {
                status = await PutAsync(index, unit, desiredState);
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                status = HttpStatusCode.ServiceUnavailable;
            }

            if ((int)status is >= 200 and < 300)
            {
                return;
            }

            if ((int)status < 500)
            {
                throw new InvalidOperationException($"PUT {unit} was refused with {(int)status}");
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"PUT {unit} kept failing ({(int)status}) for {patience.TotalSeconds} s");
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    /// <summary>The machines on which the unit wrote a heartbeat within the last few beats.</summary>
    public List<string> RunningOn(string unit, IReadOnlyList<UnitRun> runs)
    {
        DateTimeOffset recent = DateTimeOffset.UtcNow - (3 * Beat);
        return [.. runs.Where(r => r.Unit == unit && r.LastSeen >= recent).Select(r => r.Machine)];
    }

    /// <summary>The marked processes that are a unit's main process (their parent is not marked: it is the agent, or init for an orphan).</summary>
    public IReadOnlyList<MarkedProcess> MainProcesses()
    {
        IReadOnlyList<MarkedProcess> all = MarkedProcess.All(Mark);
        var pids = all.Select(p => p.Pid).ToHashSet();
        return [.. all.Where(p => !pids.Contains(p.ParentPid))];
    }

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan patience, Func<string>? explain = null)
    {
        using var deadline = new CancellationTokenSource(patience);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"waited {patience.TotalSeconds} s for {what}: {explain?.Invoke()}\n{AgentLogs()}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    public string AgentLogs(int tailCharacters = 3000) =>
        string.Join("\n---\n", _agents.Select((a, i) => $"{Machines[i]} (pid {a.Pid}):\n{Tail(a.Log, tailCharacters)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (AgentProcess agent in _agents.Concat(_retired))
        {
            agent.Dispose();
        }

        foreach (string machine in Machines)
        {
            AgentProcess.KillProcessesOf(machine);
        }

        _http.Dispose();
        await Registry.DisposeAsync();
        _directory.Dispose();
    }

    private AgentProcess StartAgent(int index)
    {
        // A fresh port per incarnation: the killed one's may linger in TIME_WAIT.
        _apiUrls[index] = $"http://127.0.0.1:{FreePorts.Take(1)[0]}";
        string ttl = $"{(int)_agentTtl.TotalSeconds}s";
        return AgentProcess.Start(
            "--registry", "etcd",
            "--etcd-endpoints", string.Join(',', _etcd.Endpoints),
            "--prefix", Layout.Prefix,
            "--public-ip", "127.0.0.1",
            "--agent-ttl", ttl,
            "--lease-ttl", ttl,
            "--machine-grace", "500ms",
            "--machine-id", Machines[index],
            "--data-dir", Path.Combine(_directory.Path, $"agent{index}"),
            "--api-addr", _apiUrls[index]);
    }

    private static JsonObject Option(string section, string name, string value) =>
        new() { ["section"] = section, ["name"] = name, ["value"] = value };

    private static string Tail(string text, int characters) => text.Length > characters ? text[^characters..] : text;
}
