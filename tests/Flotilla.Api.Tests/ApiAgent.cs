using System.Net.Sockets;
using Flotilla.Agent.Running;
using Flotilla.Api.Hosting;
using Flotilla.Engine.Leading;
using Flotilla.Registry;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Layout;
using Flotilla.Runner;
using Flotilla.Testing;
using Flotilla.Testing.Etcd;

namespace Flotilla.Api.Tests;

/// <summary>
/// A real agent with its API: the real built-in runner in a temp directory, an engine candidate, and
/// Kestrel on a free 127.0.0.1 port and a unix socket, over the embedded store (or a given registry).
/// </summary>
public sealed class ApiAgent : IAsyncLifetime
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TemporaryDirectory _directory = new();
    private readonly IRegistry? _givenRegistry;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private BuiltInUnitManager _runner = null!;

    public ApiAgent()
        : this("m1", null)
    {
    }

    internal ApiAgent(string machineId, IRegistry? registry)
    {
        MachineId = machineId;
        _givenRegistry = registry;
    }

    public string MachineId { get; }

    public IRegistry Registry { get; private set; } = null!;

    public ClusterRegistry Cluster { get; private set; } = null!;

    public ApiServer Server { get; private set; } = null!;

    public IUnitManager Runner => _runner;

    public string TcpUrl { get; private set; } = "";

    public string SocketPath => Path.Combine(_directory.Path, "api.sock");

    public string DirectoryPath => _directory.Path;

    /// <summary>A client over TCP.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client over the unix socket (the host part of its URLs is ignored).</summary>
    public HttpClient Socket { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = _givenRegistry ?? EmbeddedRegistry.Open(_directory.Database);
        Cluster = new ClusterRegistry(Registry);
        _runner = new BuiltInUnitManager(new BuiltInRunnerOptions
        {
            StateDirectory = Path.Combine(_directory.Path, "runner"),
            RunnerId = "flotilla-api-test-" + Guid.NewGuid().ToString("N")[..12],
        });
        int port = FreePorts.Take(1)[0];
        TcpUrl = $"http://127.0.0.1:{port}";
        Server = await ApiServer.StartAsync(Registry, _runner, new ApiServerOptions
        {
            MachineId = MachineId,
            Addresses = [ApiAddress.Parse(TcpUrl), ApiAddress.UnixSocket(SocketPath)],
            Version = "9.9.9-test",
            MaxRequestBodyBytes = 64 * 1024,
            JournalPollInterval = TimeSpan.FromMilliseconds(100),
        }, default);
        var agent = new MachineAgent(Registry, _runner, new AgentOptions
        {
            MachineId = MachineId,
            PublicIp = "127.0.0.1",
            ApiUrl = TcpUrl,
            AgentTtl = TimeSpan.FromSeconds(5),
            Engine = new EngineOptions { CandidateName = MachineId, LeaseTtl = TimeSpan.FromSeconds(5), MachineGrace = TimeSpan.FromSeconds(1) },
        });
        _running = agent.RunAsync(_stop.Token);
        Http = new HttpClient { BaseAddress = new Uri(TcpUrl), Timeout = Patience };
        Socket = UnixSocketClient(SocketPath);

        // Ready once the machine is registered (and so placements can happen).
        await EventuallyAsync(async () => (await Cluster.ListMachinesAsync(default)).Entries.Any(e => e.Record.Id == MachineId), "machine registered");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Socket.Dispose();
        await _stop.CancelAsync();
        await _running.WaitAsync(Patience);
        await Server.DisposeAsync();
        await _runner.DisposeAsync();
        if (_givenRegistry is null)
        {
            await Registry.DisposeAsync();
        }

        _stop.Dispose();
        _directory.Dispose();
    }

    public static HttpClient UnixSocketClient(string path) =>
        new(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri("http://localhost"), Timeout = Patience };

    /// <summary>Polls a condition with a generous deadline (real processes and a real engine are involved).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        DateTime giveUp = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"timed out waiting for: {what}");
            }

            await Task.Delay(50);
        }
    }
}
