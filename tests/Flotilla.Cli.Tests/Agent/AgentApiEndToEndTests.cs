using System.Net;
using System.Net.Sockets;
using Flotilla.Agent.Presence;
using Flotilla.Testing;
using Flotilla.Testing.Etcd;

namespace Flotilla.Cli.Tests.Agent;

/// <summary><c>flotilla agent</c> serves its HTTP API on every <c>--api-addr</c> given, and guards its socket.</summary>
public sealed class AgentApiEndToEndTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TemporaryDirectory _directory = new();
    private readonly List<AgentProcess> _agents = [];

    private string DataDirectory => Path.Combine(_directory.Path, "data");

    public void Dispose()
    {
        foreach (AgentProcess agent in _agents)
        {
            agent.Dispose();
        }

        UnitProcessSweeper.KillAll(UnitProcessSweeper.WatchdogVariable, RunnerId.FromDataDirectory(DataDirectory));
        _directory.Dispose();
    }

    [Fact]
    public async Task The_api_is_served_on_a_unix_socket_and_a_tcp_address_a_second_agent_cannot_take_the_socket_and_SIGTERM_removes_it()
    {
        string socket = Path.Combine(DataDirectory, "flotilla.sock");
        int port = FreePorts.Take(1)[0];
        AgentProcess agent = Start("--data-dir", DataDirectory, "--machine-id", "m1", "--api-addr", "unix://" + socket, "--api-addr", $"http://127.0.0.1:{port}");
        using HttpClient overSocket = UnixSocketClient(socket);
        using var overTcp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Patience };

        string health = "";
        DateTime giveUp = DateTime.UtcNow + Patience;
        while (!health.Contains("\"machineID\":\"m1\"", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < giveUp, "the API did not answer on its socket:\n" + agent.Log);
            try
            {
                health = await overSocket.GetStringAsync("/flotilla/v1/health");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await overTcp.GetAsync("/fleet/v1/machines")).StatusCode);

        var (exitCode, _, error) = FlotillaProcess.Run("agent", "--data-dir", Path.Combine(_directory.Path, "other"), "--machine-id", "m2", "--api-addr", "unix://" + socket);
        Assert.Equal(1, exitCode);
        Assert.Contains($"is serving on {socket}", error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await overSocket.GetAsync("/flotilla/v1/health")).StatusCode);

        Assert.Equal(0, agent.Terminate(Patience));
        Assert.False(File.Exists(socket), "the socket outlived its agent");
    }

    [Fact]
    public async Task An_https_api_with_a_client_ca_serves_the_cli_holding_a_signed_certificate_only()
    {
        using TestCertificates certificates = TestCertificates.Create();
        string socket = Path.Combine(DataDirectory, "flotilla.sock");
        string url = $"https://127.0.0.1:{FreePorts.Take(1)[0]}";
        AgentProcess agent = Start(
            "--data-dir", DataDirectory, "--machine-id", "tls1", "--api-addr", "unix://" + socket, "--api-addr", url,
            "--api-cert-file", certificates.ServerCertificateFile, "--api-key-file", certificates.ServerKeyFile, "--api-ca-file", certificates.CaFile);

        string[] trusted = ["--endpoint", url, "--ca-file", certificates.CaFile, "--cert-file", certificates.ClientCertificateFile, "--key-file", certificates.ClientKeyFile];
        (int ExitCode, string Output, string Error) listing = (-1, "", "");
        DateTime giveUp = DateTime.UtcNow + Patience;
        while (!listing.Output.Contains("tls1", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < giveUp, $"the CLI never listed the machine over TLS: {listing.Error}\n{agent.Log}");
            listing = FlotillaProcess.Run(["list-machines", "--full", "--no-legend", .. trusted]);
            await Task.Delay(listing.ExitCode == 0 ? 0 : 200);
        }

        Assert.Equal(0, listing.ExitCode);

        // Without a client certificate the handshake is refused: one clear line, non-zero exit.
        var (exitCode, output, error) = FlotillaProcess.Run("list-machines", "--endpoint", url, "--ca-file", certificates.CaFile);
        Assert.NotEqual(0, exitCode);
        Assert.Equal("", output);
        Assert.Contains("cannot reach the flotilla agent at " + url, error, StringComparison.Ordinal);
    }

    private AgentProcess Start(params string[] arguments)
    {
        AgentProcess agent = AgentProcess.Start(arguments);
        _agents.Add(agent);
        return agent;
    }

    private static HttpClient UnixSocketClient(string path) =>
        new(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                }
                catch (SocketException error)
                {
                    socket.Dispose();
                    throw new HttpRequestException("cannot connect", error);
                }

                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri("http://localhost"), Timeout = Patience };
}
