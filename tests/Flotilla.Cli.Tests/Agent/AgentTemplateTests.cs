using Flotilla.Agent.Presence;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Layout;
using Flotilla.Testing;
using Flotilla.Units.Syntax;

namespace Flotilla.Cli.Tests.Agent;

/// <summary>
/// <c>flotilla agent --confdir</c> on the embedded store: the agent's own registry connection feeds the
/// template role, so a key the agent writes or deletes (here an <c>[X-Register]</c> key that follows a
/// health check the test controls) re-renders the resource and runs its reload_cmd.
/// </summary>
public sealed class AgentTemplateTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TemporaryDirectory _directory = new();
    private readonly List<AgentProcess> _agents = [];

    private string DataDirectory => Path.Combine(_directory.Path, "data");

    private string ConfDirectory => Path.Combine(_directory.Path, "confd");

    private string Destination => Path.Combine(_directory.Path, "backends.txt");

    private string Reloads => Path.Combine(_directory.Path, "reloads");

    private string HealthyFile => Path.Combine(_directory.Path, "healthy");

    private string Runner => RunnerId.FromDataDirectory(DataDirectory);

    public void Dispose()
    {
        foreach (AgentProcess agent in _agents)
        {
            agent.Dispose();
        }

        UnitProcessSweeper.KillAll(UnitProcessSweeper.WatchdogVariable, Runner);
        UnitProcessSweeper.KillAll(RunnerId.EnvironmentVariable, Runner);
        _directory.Dispose();
    }

    [Fact]
    public async Task Renders_the_resource_from_the_agents_registry_and_again_when_a_key_changes()
    {
        WriteResource();
        File.WriteAllText(HealthyFile, "");
        await SubmitAsync("web.service", $"""
            [Service]
            ExecStart=/bin/sleep 600

            [X-Register]
            Key=/services/web/%n
            Value=127.0.0.1:8080
            HealthCheck=/usr/bin/test -f {HealthyFile}
            HealthInterval=200ms
            """);

        AgentProcess agent = Start("--agent-ttl", "2s", "--lease-ttl", "2s", "--confdir", ConfDirectory);

        // The key appears once the unit is active and healthy; the template follows it.
        await EventuallyAsync(() => Rendered().Contains("server web.service 127.0.0.1:8080", StringComparison.Ordinal), "the registered backend rendered", agent);
        int reloads = ReloadCount();
        Assert.True(reloads >= 1, "reload_cmd did not run after the render");

        // Ill health deletes the key: the backend leaves the rendered file and the reload runs again.
        File.Delete(HealthyFile);
        await EventuallyAsync(() => !Rendered().Contains("web.service", StringComparison.Ordinal) && Rendered().Contains("# backends", StringComparison.Ordinal), "the backend removed", agent);
        await EventuallyAsync(() => ReloadCount() > reloads, "reload_cmd after the removal", agent);

        Assert.Equal(0, agent.Terminate(Patience));
    }

    [Fact]
    public void A_broken_resource_is_refused_before_the_agent_opens_anything()
    {
        WriteResource();
        File.WriteAllText(Path.Combine(ConfDirectory, "conf.d", "broken.toml"), "[template]\nsrc = \"backends.tmpl\"\n");

        var (exitCode, _, error) = FlotillaProcess.Run("agent", "--data-dir", DataDirectory, "--machine-id", "m1", "--confdir", ConfDirectory);

        Assert.Equal(1, exitCode);
        Assert.Contains("--confdir: ", error, StringComparison.Ordinal);
        Assert.Contains("broken.toml", error, StringComparison.Ordinal);
        Assert.Contains("has no dest", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(DataDirectory, "registry.db")), "the agent opened its registry before refusing");

        (exitCode, _, error) = FlotillaProcess.Run("agent", "--confdir", Path.Combine(_directory.Path, "missing"));
        Assert.Equal(2, exitCode);
        Assert.Contains("--confdir: directory", error, StringComparison.Ordinal);
    }

    private void WriteResource()
    {
        Directory.CreateDirectory(Path.Combine(ConfDirectory, "conf.d"));
        Directory.CreateDirectory(Path.Combine(ConfDirectory, "templates"));
        File.WriteAllText(Path.Combine(ConfDirectory, "templates", "backends.tmpl"), """
            # backends
            {{range gets "/services/web/*"}}server {{base .Key}} {{.Value}}
            {{end}}
            """);
        File.WriteAllText(Path.Combine(ConfDirectory, "conf.d", "backends.toml"), $"""
            [template]
            src = "backends.tmpl"
            dest = "{Destination}"
            keys = ["/services/web"]
            reload_cmd = "echo reload >> {Reloads}"
            """);
    }

    private AgentProcess Start(params string[] extra)
    {
        AgentProcess agent = AgentProcess.Start(["--data-dir", DataDirectory, "--machine-id", "m1", "--public-ip", "127.0.0.1", .. extra]);
        _agents.Add(agent);
        return agent;
    }

    private async Task SubmitAsync(string name, string text)
    {
        UnitFile file = UnitFileParser.Parse(name, text);
        Directory.CreateDirectory(DataDirectory);
        await using EmbeddedRegistry store = EmbeddedRegistry.Open(Path.Combine(DataDirectory, "registry.db"));
        await new ClusterRegistry(store).PutUnitAsync(new UnitRecord(name, file.NormalizedText, file.Hash, UnitDesiredState.Launched), default);
    }

    private string Rendered() => File.Exists(Destination) ? File.ReadAllText(Destination) : "";

    private int ReloadCount() => File.Exists(Reloads) ? File.ReadAllLines(Reloads).Length : 0;

    private static async Task EventuallyAsync(Func<bool> condition, string what, AgentProcess agent)
    {
        DateTime giveUp = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"{what}: not within {Patience.TotalSeconds} s. Agent log:\n{agent.Log}");
            }

            await Task.Delay(100);
        }
    }
}
