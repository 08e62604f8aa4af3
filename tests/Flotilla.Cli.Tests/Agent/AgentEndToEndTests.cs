using Flotilla.Agent.Presence;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Layout;
using Flotilla.Testing;
using Flotilla.Units.Syntax;

namespace Flotilla.Cli.Tests.Agent;

/// <summary>
/// <c>flotilla agent</c> as a user runs it, on the embedded registry with the real runner: a unit placed
/// by the agent's own engine runs as a real process, SIGTERM stops it, and the watchdog kills the unit of
/// an agent frozen past its TTL.
/// </summary>
public sealed class AgentEndToEndTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TemporaryDirectory _directory = new();
    private readonly List<AgentProcess> _agents = [];

    private string DataDirectory => Path.Combine(_directory.Path, "data");

    private string TickFile => Path.Combine(_directory.Path, "ticks");

    private string EnvironmentFile => Path.Combine(_directory.Path, "environment");

    private string Runner => RunnerId.FromDataDirectory(DataDirectory);

    public void Dispose()
    {
        foreach (AgentProcess agent in _agents)
        {
            agent.Dispose();
        }

        // Whatever a killed agent left is ended by its watchdog; make sure before the directory goes.
        UnitProcessSweeper.KillAll(UnitProcessSweeper.WatchdogVariable, Runner);
        UnitProcessSweeper.KillAll(RunnerId.EnvironmentVariable, Runner);
        _directory.Dispose();
    }

    [Fact]
    public async Task Runs_a_unit_placed_by_its_own_engine_and_SIGTERM_stops_it_and_exits_0()
    {
        await SubmitWriterAsync();
        AgentProcess agent = StartAgent("--agent-ttl", "2s");

        await EventuallyAsync(() => TickCount() >= 3, "the unit writes its ticks", agent);
        string environment = await File.ReadAllTextAsync(EnvironmentFile);
        Assert.Contains("FLOTILLA_MACHINE_ID=m1\n", environment);
        Assert.Contains($"FLOTILLA_RUNNER_ID={Runner}\n", environment);
        Assert.Contains("FLOTILLA_ENDPOINT=unix://", environment);
        Assert.Contains("FLOTILLA_PUBLIC_IP=10.1.2.3\n", environment);
        Assert.Contains($"PATH={Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)}:", environment);
        Assert.NotEmpty(UnitProcessSweeper.Find(RunnerId.EnvironmentVariable, Runner));

        var (exitCode, _, error) = FlotillaProcess.Run("agent", "--data-dir", DataDirectory, "--machine-id", "m2");
        Assert.Equal(1, exitCode);
        Assert.Contains("another flotilla agent is using the data directory", error);

        Assert.Equal(0, agent.Terminate(Patience));
        Assert.Empty(UnitProcessSweeper.Find(RunnerId.EnvironmentVariable, Runner));
        int ticks = TickCount();
        await Task.Delay(500);
        Assert.Equal(ticks, TickCount());
        await EventuallyAsync(() => UnitProcessSweeper.Find(UnitProcessSweeper.WatchdogVariable, Runner).Count == 0, "the watchdog exits after its agent", agent);

        // The lease was revoked, not left to expire: the machine is gone from the registry at once.
        await using EmbeddedRegistry store = EmbeddedRegistry.Open(Path.Combine(DataDirectory, "registry.db"));
        Assert.Empty((await new ClusterRegistry(store).ListMachinesAsync(default)).Entries);
    }

    [Fact]
    public async Task An_agent_frozen_past_its_ttl_has_its_unit_killed_by_the_watchdog_and_recovers_after_SIGCONT()
    {
        await SubmitWriterAsync();
        AgentProcess agent = StartAgent("--agent-ttl", "2s");
        await EventuallyAsync(() => TickCount() >= 3, "the unit writes its ticks", agent);
        IReadOnlyList<int> unitProcesses = UnitProcessSweeper.Find(RunnerId.EnvironmentVariable, Runner);
        Assert.NotEmpty(unitProcesses);

        agent.Signal("STOP");
        try
        {
            await EventuallyAsync(() => unitProcesses.All(IsDead), "the watchdog kills the unit of the frozen agent", agent);

            // A child the shell forked just before it died (its `sleep`) goes at the watchdog's next pass.
            await EventuallyAsync(() => UnitProcessSweeper.Find(RunnerId.EnvironmentVariable, Runner).Count == 0, "no process of the unit is left", agent);
            int ticks = TickCount();
            await Task.Delay(500);
            Assert.Equal(ticks, TickCount());
        }
        finally
        {
            agent.Signal("CONT");
        }

        // Thawed, it sees it missed its deadline, fences, registers again and runs its unit afresh.
        int before = TickCount();
        await EventuallyAsync(() => TickCount() >= before + 3, "the unit runs again after SIGCONT", agent);
        Assert.Contains("self-fencing", agent.Log);
        Assert.Equal(0, agent.Terminate(Patience));
    }

    [Fact]
    public async Task After_kill_9_no_unit_process_survives_and_a_restarted_agent_runs_its_unit_exactly_once()
    {
        await SubmitWriterAsync();
        AgentProcess agent = StartAgent("--agent-ttl", "2s");
        await EventuallyAsync(() => TickCount() >= 3, "the unit writes its ticks", agent);

        agent.Kill();
        await EventuallyAsync(() => UnitProcessSweeper.Find(RunnerId.EnvironmentVariable, Runner).Count == 0, "the watchdog kills the orphaned unit", agent);
        await EventuallyAsync(() => UnitProcessSweeper.Find(UnitProcessSweeper.WatchdogVariable, Runner).Count == 0, "the watchdog exits when nothing is left", agent);

        AgentProcess restarted = StartAgent("--agent-ttl", "2s");
        int before = TickCount();
        await EventuallyAsync(() => TickCount() >= before + 3, "the restarted agent runs the unit again", restarted);
        Assert.Single(UnitProcessSweeper.Find(RunnerId.EnvironmentVariable, Runner), pid => Command(pid).Contains("while true", StringComparison.Ordinal));
        Assert.Equal(0, restarted.Terminate(Patience));
    }

    [Fact]
    public void Bad_options_name_the_option_and_exit_2()
    {
        var (exitCode, _, error) = FlotillaProcess.Run("agent", "--agent-ttl", "soon");
        Assert.Equal(2, exitCode);
        Assert.Contains("--agent-ttl: \"soon\" is not a positive time span", error);

        (exitCode, _, error) = FlotillaProcess.Run("agent", "--registry", "etcd");
        Assert.Equal(2, exitCode);
        Assert.Contains("--registry etcd needs --etcd-endpoints", error);
    }

    [Fact]
    public void Asking_for_the_systemd_runner_where_systemd_does_not_run_is_refused_before_anything_starts()
    {
        // The test machines run no systemd (the systemd backend is tested against a fake systemctl).
        Assert.False(Directory.Exists("/run/systemd/system"), "this test needs a machine without systemd");

        var (exitCode, _, error) = FlotillaProcess.Run("agent", "--data-dir", DataDirectory, "--machine-id", "m1", "--runner", "systemd");

        Assert.Equal(2, exitCode);
        Assert.Contains("--runner: the systemd unit runner was asked for, but systemd is not running on this machine", error);
        Assert.False(File.Exists(Path.Combine(DataDirectory, "registry.db")), "the agent opened its registry before refusing");
    }

    private AgentProcess StartAgent(params string[] extra)
    {
        AgentProcess agent = AgentProcess.Start([
            "--data-dir", DataDirectory, "--machine-id", "m1", "--public-ip", "10.1.2.3", "--lease-ttl", "2s", .. extra]);
        _agents.Add(agent);
        return agent;
    }

    /// <summary>Submits (launched, unplaced) a unit that records its environment and appends a line every 100 ms.</summary>
    private async Task SubmitWriterAsync()
    {
        string text = $"""
            [Service]
            ExecStart=/bin/sh -c 'env > {EnvironmentFile}; while true; do echo tick >> {TickFile}; sleep 0.1; done'
            """;
        UnitFile file = UnitFileParser.Parse("writer.service", text);
        Directory.CreateDirectory(DataDirectory);
        await using EmbeddedRegistry store = EmbeddedRegistry.Open(Path.Combine(DataDirectory, "registry.db"));
        await new ClusterRegistry(store).PutUnitAsync(new UnitRecord("writer.service", file.NormalizedText, file.Hash, UnitDesiredState.Launched), default);
    }

    private static string Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    // A killed child of a frozen agent stays a zombie until the agent reaps it.
    private static bool IsDead(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private int TickCount() => File.Exists(TickFile) ? File.ReadAllLines(TickFile).Length : 0;

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
