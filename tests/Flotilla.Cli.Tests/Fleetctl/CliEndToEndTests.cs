using Flotilla.Agent.Presence;
using Flotilla.Cli.Tests.Agent;
using Flotilla.Testing;

namespace Flotilla.Cli.Tests.Fleetctl;

/// <summary>
/// The README's quick tour against a real <c>flotilla agent</c> (embedded registry, real runner, real
/// API on its unix socket): start the example instances, list, journal, stop, destroy; and the
/// discovery pattern (ExecStartPost <c>flotilla kv set</c>, ExecStopPost <c>flotilla kv rm</c>).
/// </summary>
public sealed class CliEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TemporaryDirectory _directory = new();
    private AgentProcess? _agent;

    private string DataDirectory => Path.Combine(_directory.Path, "data");

    private string Socket => Path.Combine(DataDirectory, "flotilla.sock");

    private string Runner => RunnerId.FromDataDirectory(DataDirectory);

    public async Task InitializeAsync()
    {
        _agent = AgentProcess.Start("--data-dir", DataDirectory, "--machine-id", "m1", "--public-ip", "10.1.2.3", "--lease-ttl", "2s", "--agent-ttl", "2s");
        await EventuallyAsync(async () => (await Cli("list-machines", "--no-legend")).Output == "m1...\t10.1.2.3\t-\n", "the agent's API answers with its machine");
    }

    public Task DisposeAsync()
    {
        _agent?.Dispose();
        UnitProcessSweeper.KillAll(UnitProcessSweeper.WatchdogVariable, Runner);
        UnitProcessSweeper.KillAll(RunnerId.EnvironmentVariable, Runner);
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_quick_tour_works()
    {
        var examples = Path.Combine(FlotillaProcess.RepositoryRoot, "examples");
        var (exit, output, error) = await Cli("start", "--block-attempts", "10", Path.Combine(examples, "hello@1.service"), Path.Combine(examples, "hello@2.service"));
        Assert.True(exit == 0, error + _agent!.Log);
        Assert.Contains("Unit hello@1.service launched on m1.../10.1.2.3\n", output, StringComparison.Ordinal);
        Assert.Contains("Unit hello@2.service launched on m1.../10.1.2.3\n", output, StringComparison.Ordinal);

        // As a user runs it: a separate process.
        var listing = FlotillaProcess.Run("list-units", "--endpoint", Socket, "--fields", "unit,machine,active", "--no-legend");
        Assert.Equal((0, "hello@1.service\tm1.../10.1.2.3\tactive\nhello@2.service\tm1.../10.1.2.3\tactive\n"), (listing.ExitCode, listing.Output));

        (_, output, _) = await Cli("list-unit-files", "--fields", "unit,dstate,state,target", "--no-legend");
        Assert.Equal("hello@1.service\tlaunched\tlaunched\tm1.../10.1.2.3\nhello@2.service\tlaunched\tlaunched\tm1.../10.1.2.3\n", output);

        await EventuallyAsync(async () => (await Cli("journal", "hello@1")).Output.Contains("hello@1.service: hello from 1\n", StringComparison.Ordinal), "journal shows the unit's output");
        (_, output, _) = await Cli("status", "hello@2.service");
        Assert.StartsWith("● hello@2.service - Hello from instance 2\n   Desired: launched\n   Machine: m1.../10.1.2.3\n", output, StringComparison.Ordinal);
        var mainPid = System.Text.RegularExpressions.Regex.Match(output, @"\n  Main PID: (\d+)\n");
        Assert.True(mainPid.Success, output);
        Assert.True(Directory.Exists("/proc/" + mainPid.Groups[1].Value), "status shows a main PID that is not a live process:\n" + output);

        (exit, output, error) = await Cli("stop", "--block-attempts", "10", "hello@1");
        Assert.True(exit == 0, error);
        Assert.Equal("Unit hello@1.service loaded on m1.../10.1.2.3\n", output);

        (exit, output, error) = await Cli("destroy", "--block-attempts", "10", "hello@1", "hello@2");
        Assert.True(exit == 0, error);
        Assert.Equal("Destroyed hello@1.service\nDestroyed hello@2.service\n", output);
        Assert.Equal("", (await Cli("list-unit-files", "--no-legend")).Output);
        Assert.Equal("", (await Cli("list-units", "--no-legend")).Output);
    }

    [Fact]
    public async Task A_discovery_unit_registers_with_kv_set_while_it_runs_and_not_after()
    {
        var unit = Path.Combine(_directory.Path, "announce@.service");
        await File.WriteAllTextAsync(unit, """
            [Service]
            ExecStart=/bin/sh -c 'while true; do sleep 1; done'
            ExecStartPost=/bin/sh -c 'flotilla kv set /services/announce/%i "${FLOTILLA_PUBLIC_IP}:80" --ttl 60'
            ExecStopPost=-/bin/sh -c 'flotilla kv rm /services/announce/%i'
            """);

        var (exit, _, error) = await Cli("start", "--block-attempts", "10", Path.Combine(_directory.Path, "announce@7.service"));
        Assert.True(exit == 0, error + _agent!.Log);
        await EventuallyAsync(async () => (await Cli("kv", "ls", "/services/announce")).Output == "/services/announce/7\n", "kv ls shows the registration");
        Assert.Equal("10.1.2.3:80\n", (await Cli("kv", "get", "/services/announce/7")).Output);

        (exit, _, error) = await Cli("stop", "--block-attempts", "10", "announce@7");
        Assert.True(exit == 0, error);
        await EventuallyAsync(async () => (await Cli("kv", "get", "/services/announce/7")).ExitCode == 1, "the registration goes when the unit stops");
        Assert.Equal("Error: key not found: /services/announce\n", (await Cli("kv", "ls", "/services/announce")).Error);
    }

    [Fact]
    public async Task Kv_round_trips_through_the_real_api()
    {
        Assert.Equal("v1\n", (await Cli("kv", "set", "/e2e/a", "v1")).Output);
        Assert.Equal("v1\n", (await Cli("kv", "get", "e2e/a")).Output);
        Assert.Equal("PrevNode.Value: v1\n", (await Cli("kv", "rm", "/e2e/a")).Output);
        var (exit, _, error) = await Cli("kv", "get", "/e2e/a");
        Assert.Equal((1, "Error: key not found: /e2e/a\n"), (exit, error));
    }

    [Fact]
    public async Task Kv_set_reads_a_piped_value_from_stdin()
    {
        var (exit, output, error) = FlotillaProcess.RunWithInput("10.9.8.7:8080\n", "kv", "set", "--endpoint", Socket, "/e2e/piped");
        Assert.True(exit == 0, error);
        Assert.Equal("10.9.8.7:8080\n\n", output);
        Assert.Equal("10.9.8.7:8080\n\n", (await Cli("kv", "get", "/e2e/piped")).Output);
    }

    [Fact]
    public async Task Kv_watch_returns_the_first_change()
    {
        var watch = Cli("kv", "watch", "--recursive", "/watched");
        var giveUp = DateTime.UtcNow + Patience;
        var written = 0;
        // The watch may not be established yet when a value is written: keep writing until it reports one.
        while (!watch.IsCompleted && DateTime.UtcNow < giveUp)
        {
            await Cli("kv", "put", $"/watched/k{++written}", $"v{written}");
            await Task.WhenAny(watch, Task.Delay(200));
        }

        Assert.True(watch.IsCompleted, "kv watch never reported a change");
        var (exit, output, error) = await watch;
        Assert.True(exit == 0, error);
        Assert.Matches(@"^v\d+\n$", output);
    }

    [Fact]
    public async Task Journal_follow_keeps_printing_new_lines()
    {
        var unit = Path.Combine(_directory.Path, "ticker.service");
        await File.WriteAllTextAsync(unit, "[Service]\nExecStart=/bin/sh -c 'while true; do echo tick; sleep 0.2; done'\n");
        var (exit, _, error) = await Cli("start", "--block-attempts", "10", unit);
        Assert.True(exit == 0, error);

        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "flotilla.dll"), "journal", "-f", "--lines", "1", "ticker", "--endpoint", Socket })
        {
            start.ArgumentList.Add(argument);
        }

        using var follower = System.Diagnostics.Process.Start(start)!;
        var ticks = 0;
        follower.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.EndsWith("ticker.service: tick", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref ticks);
            }
        };
        follower.BeginOutputReadLine();
        try
        {
            // One line was asked for; more arrive only by following.
            await EventuallyAsync(() => Task.FromResult(Volatile.Read(ref ticks) >= 4), "journal -f prints new lines as they come");
            Assert.False(follower.HasExited);
        }
        finally
        {
            follower.Kill(entireProcessTree: true);
            await follower.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task The_template_role_renders_through_the_agent_s_API_and_follows_its_keys()
    {
        await Cli("kv", "set", "/services/web/web@1.service", "10.0.0.1:80");
        await Cli("kv", "set", "/services/webapp/other", "not-a-backend");
        string confDir = Path.Combine(_directory.Path, "confd");
        string dest = Path.Combine(_directory.Path, "backends.cfg");
        Directory.CreateDirectory(Path.Combine(confDir, "conf.d"));
        Directory.CreateDirectory(Path.Combine(confDir, "templates"));
        await File.WriteAllTextAsync(Path.Combine(confDir, "templates", "backends.tmpl"), "{{range gets \"/services/web/*\"}}server {{base .Key}} {{.Value}}\n{{end}}");
        await File.WriteAllTextAsync(Path.Combine(confDir, "conf.d", "backends.toml"), $"[template]\nsrc = \"backends.tmpl\"\ndest = \"{dest}\"\nkeys = [\"/services/web\"]\n");

        var once = FlotillaProcess.Run("template", "--onetime", "--confdir", confDir, "--endpoint", Socket);
        Assert.True(once.ExitCode == 0, once.Error);
        Assert.Equal("server web@1.service 10.0.0.1:80\n", await File.ReadAllTextAsync(dest));

        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "flotilla.dll"), "template", "--watch", "--confdir", confDir, "--endpoint", Socket })
        {
            start.ArgumentList.Add(argument);
        }

        using var watcher = System.Diagnostics.Process.Start(start)!;
        Task<string> watcherErrors = watcher.StandardError.ReadToEndAsync();
        _ = watcher.StandardOutput.ReadToEndAsync();
        try
        {
            await Cli("kv", "set", "/services/web/web@2.service", "10.0.0.2:80");
            await EventuallyAsync(async () => (await File.ReadAllTextAsync(dest)) == "server web@1.service 10.0.0.1:80\nserver web@2.service 10.0.0.2:80\n", "the watch renders a new backend");
            await Cli("kv", "rm", "/services/web/web@1.service");
            await EventuallyAsync(async () => (await File.ReadAllTextAsync(dest)) == "server web@2.service 10.0.0.2:80\n", "the watch renders a removed backend");

            System.Diagnostics.Process.Start("kill", ["-TERM", watcher.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            Assert.True(watcher.WaitForExit(TimeSpan.FromSeconds(20)), "flotilla template stops on SIGTERM");
            Assert.True(watcher.ExitCode == 0, await watcherErrors);
        }
        finally
        {
            if (!watcher.HasExited)
            {
                watcher.Kill(entireProcessTree: true);
            }
        }
    }

    private Task<(int ExitCode, string Output, string Error)> Cli(params string[] arguments) =>
        CliRun.RunAsync(["--endpoint", Socket, .. arguments]);

    private async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"{what}: not within {Patience.TotalSeconds} s. Agent log:\n{_agent?.Log}");
            }

            await Task.Delay(100);
        }
    }
}
