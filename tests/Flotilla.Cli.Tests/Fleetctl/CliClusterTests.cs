using System.Net;
using System.Net.Sockets;
using Flotilla.Cli.Tests.Agent;
using Flotilla.Testing;
using Flotilla.Testing.Etcd;

namespace Flotilla.Cli.Tests.Fleetctl;

/// <summary>
/// The CLI against three real agents on one real etcd, talking to one of them only: units spread by
/// Conflicts show on three machines, and journal reaches the units on the other machines through
/// that agent (it proxies to their API).
/// </summary>
public sealed class CliClusterTests(SingleMemberEtcd etcd) : IClassFixture<SingleMemberEtcd>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _prefix = $"/cli-{Guid.NewGuid():N}/";
    private readonly string _machinePrefix = "c" + Guid.NewGuid().ToString("N")[..8];
    private readonly TemporaryDirectory _directory = new();
    private readonly List<AgentProcess> _agents = [];
    private readonly List<string> _machines = [];

    private string Socket => Path.Combine(_directory.Path, "agent0", "api.sock");

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            var machine = $"{_machinePrefix}{i}";
            var data = Path.Combine(_directory.Path, $"agent{i}");
            Directory.CreateDirectory(data);
            _machines.Add(machine);
            _agents.Add(AgentProcess.Start(
                "--registry", "etcd", "--etcd-endpoints", string.Join(',', etcd.Endpoints), "--prefix", _prefix,
                "--public-ip", "127.0.0.1", "--agent-ttl", "3s", "--lease-ttl", "3s",
                "--machine-id", machine, "--data-dir", data,
                "--api-addr", "unix://" + Path.Combine(data, "api.sock"), "--api-addr", $"http://127.0.0.1:{FreePort()}"));
        }

        await EventuallyAsync(async () => (await Cli("list-machines", "--no-legend", "--fields", "machine")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3, "three machines listed");
    }

    public Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            agent.Dispose();
        }

        foreach (var machine in _machines)
        {
            AgentProcess.KillProcessesOf(machine);
        }

        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Units_spread_over_the_cluster_and_journal_reaches_every_machine()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory.Path, "spread@.service"), """
            [Service]
            ExecStart=/bin/sh -c 'while true; do echo "spread %i on $FLOTILLA_MACHINE_ID"; sleep 0.3; done'

            [X-Fleet]
            Conflicts=spread@*
            """);
        string[] units = [.. Enumerable.Range(1, 3).Select(i => Path.Combine(_directory.Path, $"spread@{i}.service"))];
        var (exit, output, error) = await Cli(["start", "--block-attempts", "10", .. units]);
        Assert.True(exit == 0, error + output + _agents[0].Log);

        var (_, listing, _) = await Cli("list-units", "--no-legend", "--fields", "machine", "--full");
        Assert.Equal(_machines.Select(m => m + "/127.0.0.1").Order(), listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());

        for (var i = 1; i <= 3; i++)
        {
            var instance = i;
            await EventuallyAsync(
                async () => (await Cli("journal", "--lines", "3", $"spread@{instance}")).Output.Contains($"spread@{instance}.service: spread {instance} on {_machinePrefix}", StringComparison.Ordinal),
                $"journal of spread@{instance} through agent 0");
        }

        (exit, output, _) = await Cli("destroy", "--block-attempts", "10", "spread@1", "spread@2", "spread@3");
        Assert.Equal(0, exit);
        Assert.Equal("Destroyed spread@1.service\nDestroyed spread@2.service\nDestroyed spread@3.service\n", output);
    }

    private Task<(int ExitCode, string Output, string Error)> Cli(params string[] arguments) =>
        CliRun.RunAsync(["--endpoint", Socket, .. arguments]);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"{what}: not within {Patience.TotalSeconds} s. Agent 0 log:\n{_agents[0].Log}");
            }

            await Task.Delay(200);
        }
    }
}
