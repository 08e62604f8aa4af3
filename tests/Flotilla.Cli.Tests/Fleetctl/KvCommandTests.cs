using System.Text.Json.Nodes;
using Flotilla.Cli.Client;
using Flotilla.Cli.Commands;
using Flotilla.Cli.Template;
using Flotilla.Registry.Errors;

namespace Flotilla.Cli.Tests.Fleetctl;

/// <summary><c>flotilla kv</c> with etcdctl v2's output, against the fake transport.</summary>
public sealed class KvCommandTests : IAsyncLifetime
{
    private readonly FakeAgentApi _api = new();

    public async Task InitializeAsync()
    {
        _api.Kv["/services/web/1"] = "10.0.0.1:80";
        _api.Kv["/services/web/2"] = "10.0.0.2:80";
        _api.Kv["/services/db/1"] = "10.0.0.3:5432";
        _api.Kv["/top"] = "t";
        await _api.StartAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Get_prints_the_value()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("kv", "get", "/services/web/1"));
        Assert.Equal(0, exit);
        Assert.Equal("10.0.0.1:80\n", output);
    }

    [Fact]
    public async Task Get_of_a_missing_key_is_one_line_on_stderr()
    {
        var (exit, output, error) = await CliRun.RunAsync(_api.Args("kv", "get", "nothing/here"));
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal("Error: key not found: /nothing/here\n", error);
    }

    [Fact]
    public async Task Set_prints_the_value_and_passes_the_ttl()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("kv", "set", "--ttl", "30", "/services/web/3", "10.0.0.4:80"));
        Assert.Equal(0, exit);
        Assert.Equal("10.0.0.4:80\n", output);
        Assert.Equal("10.0.0.4:80", _api.Kv["/services/web/3"]);
        Assert.Contains("PUT /flotilla/v1/kv/services/web/3?ttl=30", _api.Requests);
    }

    [Fact]
    public async Task Put_is_quiet()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("kv", "put", "/a", "b"));
        Assert.Equal(0, exit);
        Assert.Equal("", output);
        Assert.Equal("b", _api.Kv["/a"]);
    }

    [Fact]
    public async Task Set_without_a_value_takes_stdin_as_it_is()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("kv", "set", "/config/motd"), environment: null, showProgress: false, input: "line one\nline two\n");
        Assert.Equal(0, exit);
        Assert.Equal("line one\nline two\n\n", output);
        Assert.Equal("line one\nline two\n", _api.Kv["/config/motd"]);
    }

    [Fact]
    public async Task Set_without_a_value_and_nothing_on_stdin_is_refused_and_stores_nothing()
    {
        var (exit, _, error) = await CliRun.RunAsync(_api.Args("kv", "put", "/config/empty"));
        Assert.Equal(CliApplication.UsageExitCode, exit);
        Assert.Contains("no value given: pass VALUE or pipe it on stdin", error, StringComparison.Ordinal);
        Assert.False(_api.Kv.ContainsKey("/config/empty"));
        Assert.DoesNotContain(_api.Requests, r => r.StartsWith("PUT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ls_prints_immediate_children_one_per_line()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("kv", "ls"));
        Assert.Equal(0, exit);
        Assert.Equal("/services\n/top\n", output);
        (_, output, _) = await CliRun.RunAsync(_api.Args("kv", "ls", "/services"));
        Assert.Equal("/services/db\n/services/web\n", output);
    }

    [Fact]
    public async Task Ls_recursive_prints_keys_and_directories()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("kv", "ls", "--recursive", "/services"));
        Assert.Equal(0, exit);
        Assert.Equal("/services/db\n/services/db/1\n/services/web\n/services/web/1\n/services/web/2\n", output);
    }

    [Fact]
    public async Task Rm_prints_the_previous_value()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("kv", "rm", "/services/web/1"));
        Assert.Equal(0, exit);
        Assert.Equal("PrevNode.Value: 10.0.0.1:80\n", output);
        Assert.False(_api.Kv.ContainsKey("/services/web/1"));
    }

    [Fact]
    public async Task Rm_recursive_and_del_remove_quietly()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("kv", "rm", "--recursive", "/services/web"));
        Assert.Equal(0, exit);
        Assert.Equal("", output);
        Assert.Equal(["/services/db/1", "/top"], _api.Kv.Keys);
        (exit, output, _) = await CliRun.RunAsync(_api.Args("kv", "del", "/top"));
        Assert.Equal((0, ""), (exit, output));
        (exit, _, var error) = await CliRun.RunAsync(_api.Args("kv", "del", "/top"));
        Assert.Equal((1, "Error: key not found: /top\n"), (exit, error));
    }

    [Fact]
    public async Task Mkdir_succeeds_and_rmdir_refuses_a_directory_with_keys()
    {
        Assert.Equal(0, (await CliRun.RunAsync(_api.Args("kv", "mkdir", "/new"))).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(_api.Args("kv", "rmdir", "/new"))).ExitCode);
        var (exit, _, error) = await CliRun.RunAsync(_api.Args("kv", "rmdir", "/services"));
        Assert.Equal(1, exit);
        Assert.Equal("Error: directory not empty: /services\n", error);
    }

    [Fact]
    public async Task Watch_prints_the_first_change_and_exits()
    {
        _api.KvEvents.Add(new JsonObject { ["type"] = "put", ["key"] = "/services/web/9", ["value"] = "up", ["revision"] = 9 });
        _api.KvEvents.Add(new JsonObject { ["type"] = "delete", ["key"] = "/services/web/9", ["value"] = "up", ["revision"] = 10 });
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("kv", "watch", "--recursive", "/services"));
        Assert.Equal(0, exit);
        Assert.Equal("up\n", output);
        Assert.Contains("GET /flotilla/v1/kv/services?watch=true&recursive=true", _api.Requests);
    }

    [Fact]
    public async Task Watch_ended_by_the_agent_with_an_error_line_fails_with_its_message()
    {
        _api.KvEvents.Add(new JsonObject { ["type"] = "error", ["key"] = "/services", ["value"] = "the history from revision 3 was compacted", ["revision"] = 0, ["code"] = 410 });
        var (exit, output, error) = await CliRun.RunAsync(_api.Args("kv", "watch", "--recursive", "/services"));
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal("Error: the history from revision 3 was compacted\n", error);
    }

    [Fact]
    public async Task The_template_store_reads_compacted_history_as_compaction_so_the_role_rereads()
    {
        _api.KvEvents.Add(new JsonObject { ["type"] = "error", ["key"] = "/services", ["value"] = "compacted", ["revision"] = 0, ["code"] = 410 });
        using var client = new FlotillaApiClient(new ClientOptions { Endpoint = ApiEndpoint.Parse(_api.SocketPath, out _)! });
        var store = new AgentTemplateStore(client);
        await Assert.ThrowsAsync<RegistryCompactedException>(async () =>
        {
            await foreach (long _ in store.WatchAsync(["/services/web"], 3, CancellationToken.None))
            {
            }
        });

        // Any other error line is the agent being unavailable: the role backs off and resumes.
        _api.KvEvents[0]["code"] = 500;
        await Assert.ThrowsAsync<RegistryUnavailableException>(async () =>
        {
            await foreach (long _ in store.WatchAsync(["/services/web"], 3, CancellationToken.None))
            {
            }
        });
    }
}
