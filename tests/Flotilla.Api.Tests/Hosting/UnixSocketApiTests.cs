using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Flotilla.Api.Hosting;
using Flotilla.Registry.Embedded;
using Flotilla.Runner;
using Flotilla.Testing;

namespace Flotilla.Api.Tests.Hosting;

/// <summary>The API on a unix socket: served like TCP, a stale socket file is replaced, a live one refused.</summary>
public sealed class UnixSocketApiTests(ApiAgent agent) : IClassFixture<ApiAgent>
{
    [Fact]
    public async Task The_same_api_is_served_on_the_unix_socket()
    {
        JsonElement health = await Http.ReadJsonAsync(await agent.Socket.GetAsync("/flotilla/v1/health"));
        Assert.Equal(agent.MachineId, health.GetProperty("machineID").GetString());
        HttpResponseMessage put = await agent.Socket.PutAsync("/fleet/v1/units/sock.service", Http.Json("""{"options":[{"section":"Service","name":"ExecStart","value":"/bin/true"}]}"""));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal("sock.service", (await Http.ReadJsonAsync(await agent.Http.GetAsync("/fleet/v1/units/sock.service"))).GetProperty("name").GetString());
        await Http.AssertErrorAsync(await agent.Socket.GetAsync("/fleet/v1/units/nope.service"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_live_agents_socket_is_refused()
    {
        IOException refused = await Assert.ThrowsAsync<IOException>(() => StartAsync(agent.SocketPath));
        Assert.Contains(agent.SocketPath, refused.Message, StringComparison.Ordinal);

        // The live agent keeps serving.
        Assert.Equal(HttpStatusCode.OK, (await agent.Socket.GetAsync("/flotilla/v1/health")).StatusCode);
    }

    [Fact]
    public async Task A_socket_file_left_by_a_dead_agent_is_replaced()
    {
        using var directory = new TemporaryDirectory();
        string path = Path.Combine(directory.Path, "stale.sock");

        // What a killed agent leaves behind: a socket file nobody listens on. .NET unlinks the sockets it
        // closes, so a hard link keeps the file after the bound socket is gone.
        string bound = Path.Combine(directory.Path, "bound.sock");
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            dead.Bind(new UnixDomainSocketEndPoint(bound));
            using var link = System.Diagnostics.Process.Start("ln", [bound, path]);
            await link.WaitForExitAsync();
            Assert.Equal(0, link.ExitCode);
        }

        Assert.True(File.Exists(path));
        await using Standalone server = await StartAsync(path);
        using HttpClient client = ApiAgent.UnixSocketClient(path);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/flotilla/v1/health")).StatusCode);
    }

    private static async Task<Standalone> StartAsync(string socketPath)
    {
        var standalone = new Standalone();
        try
        {
            standalone.Server = await ApiServer.StartAsync(standalone.Store, standalone.Runner, new ApiServerOptions { MachineId = "other", Addresses = [ApiAddress.UnixSocket(socketPath)] }, default);
            return standalone;
        }
        catch
        {
            await standalone.DisposeAsync();
            throw;
        }
    }

    /// <summary>An API server of its own (store, runner, directory), all released together.</summary>
    private sealed class Standalone : IAsyncDisposable
    {
        private readonly TemporaryDirectory _directory = new();

        public Standalone()
        {
            Store = EmbeddedRegistry.Open(_directory.Database);
            Runner = new BuiltInUnitManager(new BuiltInRunnerOptions { StateDirectory = Path.Combine(_directory.Path, "runner"), RunnerId = "flotilla-api-sock-" + Guid.NewGuid().ToString("N")[..12] });
        }

        public EmbeddedRegistry Store { get; }

        public BuiltInUnitManager Runner { get; }

        public ApiServer? Server { get; set; }

        public async ValueTask DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }

            await Runner.DisposeAsync();
            await Store.DisposeAsync();
            _directory.Dispose();
        }
    }
}
