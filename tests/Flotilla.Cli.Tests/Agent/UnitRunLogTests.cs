using Flotilla.Testing;

namespace Flotilla.Cli.Tests.Agent;

/// <summary>The overlap check the cluster tests rely on: it must see overlaps, and only overlaps.</summary>
public sealed class UnitRunLogTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch.AddDays(20_000);

    [Fact]
    public void Runs_one_after_the_other_do_not_overlap()
    {
        var runs = new[] { Run("a.service", "m1", 0, 1_000), Run("a.service", "m2", 1_200, 3_000) };
        Assert.Empty(UnitRunLog.Overlaps(runs));
    }

    [Fact]
    public void A_run_that_starts_before_the_other_s_last_heartbeat_overlaps()
    {
        var runs = new[] { Run("a.service", "m1", 0, 1_000), Run("a.service", "m2", 900, 3_000) };
        Assert.Single(UnitRunLog.Overlaps(runs));
    }

    [Fact]
    public void A_run_that_starts_within_a_heartbeat_of_the_other_s_last_line_counts_as_overlapping()
    {
        // The first process may have lived up to one heartbeat after its last line.
        var runs = new[] { Run("a.service", "m1", 0, 1_000), Run("a.service", "m2", 1_030, 3_000) };
        Assert.Single(UnitRunLog.Overlaps(runs));
    }

    [Fact]
    public void With_a_slower_heartbeat_the_margin_is_that_period()
    {
        // 200 ms after the last line: apart at 50 ms beats, overlapping at 250 ms beats.
        var runs = new[] { Run("a.service", "m1", 0, 1_000), Run("a.service", "m2", 1_200, 3_000) };
        Assert.Empty(UnitRunLog.Overlaps(runs, TimeSpan.FromMilliseconds(50)));
        Assert.Single(UnitRunLog.Overlaps(runs, TimeSpan.FromMilliseconds(250)));
    }

    [Fact]
    public void The_exec_line_sleeps_for_the_period_it_is_given()
    {
        using var directory = new TemporaryDirectory();
        var log = new UnitRunLog(directory.Path);
        Assert.Contains("sleep 0.25;", log.ExecStart("a.service", TimeSpan.FromMilliseconds(250)), StringComparison.Ordinal);
        Assert.Contains("sleep 0.05;", log.ExecStart("a.service"), StringComparison.Ordinal);
    }

    [Fact]
    public void Different_units_never_overlap_each_other()
    {
        var runs = new[] { Run("a.service", "m1", 0, 1_000), Run("b.service", "m1", 0, 1_000) };
        Assert.Empty(UnitRunLog.Overlaps(runs));
    }

    [Fact]
    public void Runs_are_read_back_from_heartbeat_files_named_unit_machine_pid()
    {
        using var directory = new TemporaryDirectory();
        var log = new UnitRunLog(directory.Path);
        File.WriteAllLines(Path.Combine(directory.Path, "web@1.service.m1.42"), ["1000", "1050", "1100"]);
        File.WriteAllLines(Path.Combine(directory.Path, "web@1.service.m2.43"), ["2000"]);

        var runs = log.Runs();

        Assert.Equal(
            [new UnitRun("web@1.service", "m1", DateTimeOffset.FromUnixTimeMilliseconds(1000), DateTimeOffset.FromUnixTimeMilliseconds(1100)),
             new UnitRun("web@1.service", "m2", DateTimeOffset.FromUnixTimeMilliseconds(2000), DateTimeOffset.FromUnixTimeMilliseconds(2000))],
            runs);
    }

    private static UnitRun Run(string unit, string machine, int fromMs, int toMs) =>
        new(unit, machine, T0.AddMilliseconds(fromMs), T0.AddMilliseconds(toMs));
}
