using System.Diagnostics;
using Flotilla.Agent.Presence;
using Flotilla.Testing;

namespace Flotilla.Agent.Tests.Presence;

/// <summary>
/// The real watchdog shell process against real marked processes. The "agent" is this test process, so
/// only the deadline decides; the CLI tests cover a SIGSTOPped agent and a vanished one.
/// </summary>
public sealed class WatchdogTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly TemporaryDirectory _directory = new();
    private readonly string _runnerId = "flotilla-test-" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<Process> _processes = [];
    private int _watchdog;

    private string DeadlinePath => Path.Combine(_directory.Path, "deadline");

    public void Dispose()
    {
        if (_watchdog != 0)
        {
            Kill(_watchdog);
        }

        foreach (Process process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task Kills_every_marked_process_once_the_deadline_has_passed_and_nothing_before()
    {
        var deadline = new DeadlineFile(DeadlinePath);
        deadline.Write(DateTimeOffset.UtcNow.AddMinutes(5));
        Process marked = StartSleep(_runnerId);
        Process child = StartSleep(_runnerId);
        Process other = StartSleep("flotilla-someone-else");
        _watchdog = Watchdog.Start(DeadlinePath, _runnerId);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(marked.HasExited, "killed before the deadline");

        deadline.Write(DateTimeOffset.UtcNow.AddMilliseconds(-1));
        Assert.True(await ExitsAsync(marked) && await ExitsAsync(child), "marked processes still run after the deadline");
        Assert.False(other.HasExited, "another runner's process was killed");
    }

    [Fact]
    public async Task When_the_agent_is_gone_it_kills_at_once_whatever_the_deadline_then_exits()
    {
        new DeadlineFile(DeadlinePath).Write(DateTimeOffset.UtcNow.AddMinutes(5));
        Process agent = StartSleep("not-marked");
        Process marked = StartSleep(_runnerId);
        _watchdog = Watchdog.Start(DeadlinePath, _runnerId, agent.Id);
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        Assert.False(marked.HasExited);

        agent.Kill();
        Assert.True(await ExitsAsync(marked), "the marked process outlived its agent");
        DateTime giveUp = DateTime.UtcNow + Patience;
        while (!IsGone(_watchdog))
        {
            Assert.True(DateTime.UtcNow < giveUp, "the watchdog did not exit after its agent");
            await Task.Delay(50);
        }

        _watchdog = 0;
    }

    [Fact]
    public async Task A_disarmed_deadline_kills_nothing()
    {
        new DeadlineFile(DeadlinePath).Disarm();
        Process marked = StartSleep(_runnerId);
        _watchdog = Watchdog.Start(DeadlinePath, _runnerId);

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(marked.HasExited);
    }

    [Fact]
    public async Task The_watchdog_runs_in_its_own_session_and_is_found_by_its_mark()
    {
        _watchdog = Watchdog.Start(DeadlinePath, _runnerId);

        // Its session id (field 6 of /proc/PID/stat) becomes its own PID once setsid has run.
        string pid = _watchdog.ToString(System.Globalization.CultureInfo.InvariantCulture);
        DateTime giveUp = DateTime.UtcNow + Patience;
        while (File.ReadAllText($"/proc/{_watchdog}/stat").Split(' ')[5] != pid)
        {
            Assert.True(DateTime.UtcNow < giveUp, "the watchdog never got its own session");
            await Task.Delay(20);
        }

        Assert.Contains("flotilla-watchdog", File.ReadAllText($"/proc/{_watchdog}/cmdline"));
        // The watchdog and whatever it runs at the moment (sleep, date) carry the mark.
        Assert.Contains(_watchdog, UnitProcessSweeper.Find(UnitProcessSweeper.WatchdogVariable, _runnerId));

        Assert.True(UnitProcessSweeper.KillAll(UnitProcessSweeper.WatchdogVariable, _runnerId) >= 1);
        Assert.Empty(UnitProcessSweeper.Find(UnitProcessSweeper.WatchdogVariable, _runnerId));
        _watchdog = 0;
    }

    private Process StartSleep(string runnerId)
    {
        var start = new ProcessStartInfo("sleep", "60") { UseShellExecute = false };
        start.Environment[RunnerId.EnvironmentVariable] = runnerId;
        Process process = Process.Start(start)!;
        _processes.Add(process);
        return process;
    }

    // Gone, or a zombie its parent (this test host) has not reaped yet.
    private static bool IsGone(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task<bool> ExitsAsync(Process process)
    {
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(patience.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void Kill(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
        }
    }
}
