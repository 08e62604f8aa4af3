using Flotilla.Cli.Agent;

namespace Flotilla.Cli.Tests.Fleetctl;

/// <summary>--endpoint and its environment defaults, the unreachable-agent message, usage errors and --help.</summary>
public sealed class GlobalFlagsTests : IAsyncLifetime
{
    private readonly FakeAgentApi _api = new();

    public async Task InitializeAsync()
    {
        _api.Machines.Add(new FakeMachine("1a2b3c4d5e6f", "10.0.0.1"));
        await _api.StartAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("FLOTILLA_ENDPOINT")]
    [InlineData("FLEETCTL_ENDPOINT")]
    public async Task The_endpoint_comes_from_the_environment(string variable)
    {
        var (exit, output, _) = await CliRun.RunAsync(["list-machines", "--no-legend"], new Dictionary<string, string> { [variable] = _api.SocketPath });
        Assert.Equal(0, exit);
        Assert.Equal("1a2b3c4d...\t10.0.0.1\t-\n", output);
    }

    [Fact]
    public async Task The_flag_wins_over_the_environment_and_may_come_before_the_verb()
    {
        var environment = new Dictionary<string, string> { ["FLOTILLA_ENDPOINT"] = "/nonexistent/flotilla.sock" };
        var (exit, output, _) = await CliRun.RunAsync(["--endpoint", "unix://" + _api.SocketPath, "list-machines", "--no-legend"], environment);
        Assert.Equal(0, exit);
        Assert.StartsWith("1a2b3c4d...", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flotilla_variables_win_over_fleetctl_ones()
    {
        var environment = new Dictionary<string, string> { ["FLOTILLA_ENDPOINT"] = _api.SocketPath, ["FLEETCTL_ENDPOINT"] = "/nonexistent/fleet.sock" };
        var (exit, _, _) = await CliRun.RunAsync(["list-machines"], environment);
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task A_missing_socket_is_reported_as_an_agent_that_is_not_running()
    {
        var socket = Path.Combine(_api.Directory, "nobody.sock");
        var (exit, output, error) = await CliRun.RunAsync(["list-units", "--endpoint", socket]);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal($"cannot reach the flotilla agent at {socket}: is it running?\n", error);
    }

    [Fact]
    public async Task A_closed_tcp_port_is_reported_the_same_way()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (exit, _, error) = await CliRun.RunAsync(["kv", "get", "/x", "--endpoint", $"http://127.0.0.1:{port}"]);
        Assert.Equal(1, exit);
        Assert.Equal($"cannot reach the flotilla agent at http://127.0.0.1:{port}: is it running?\n", error);
    }

    [Fact]
    public void The_default_endpoint_is_the_local_agents_socket()
    {
        Assert.Equal(Path.Combine(AgentPaths.DefaultDataDirectory(), "flotilla.sock"), Flotilla.Cli.Client.ApiEndpoint.DefaultSocketPath());
    }

    [Theory]
    [InlineData("list-units", "--bogus")]
    [InlineData("start", "--request-timeout", "soon", "a.service")]
    [InlineData("start", "--block-attempts", "-3", "a.service")]
    [InlineData("stop")]
    [InlineData("cat", "a.service", "b.service")]
    [InlineData("kv", "frob", "/x")]
    [InlineData("kv", "get")]
    public async Task Usage_errors_print_usage_and_exit_2(params string[] arguments)
    {
        var (exit, output, error) = await CliRun.RunAsync(_api.Args(arguments));
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"\nUsage: flotilla {arguments[0]}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("submit")]
    [InlineData("load")]
    [InlineData("start")]
    [InlineData("stop")]
    [InlineData("unload")]
    [InlineData("destroy")]
    [InlineData("restart")]
    [InlineData("cat")]
    [InlineData("status")]
    [InlineData("journal")]
    [InlineData("list-units")]
    [InlineData("list-unit-files")]
    [InlineData("list-machines")]
    [InlineData("kv")]
    public async Task Every_command_has_help(string verb)
    {
        var (exit, output, _) = await CliRun.RunAsync([verb, "--help"]);
        Assert.Equal(0, exit);
        Assert.StartsWith($"Usage: flotilla {verb}", output, StringComparison.Ordinal);
        Assert.Contains("--endpoint ADDR", output, StringComparison.Ordinal);
    }
}
