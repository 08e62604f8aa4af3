using System.Globalization;
using System.Text.RegularExpressions;
using Flotilla.Benchmarks.ClusterScale;

namespace Flotilla.Benchmarks.Tests.ClusterScale;

/// <summary>The harness end to end at a tiny size: real etcd, real agents, a real engine.</summary>
public sealed class ClusterScaleRunTests
{
    [Fact]
    public async Task A_small_cluster_launches_every_unit_and_reports_it()
    {
        using var output = new StringWriter();

        int exit = await ClusterScaleRun.RunAsync(["--machines", "6", "--units", "60", "--max-seconds", "60", "--target-seconds", "60", "--clients", "2"], output, CancellationToken.None);

        string report = output.ToString();
        Assert.True(exit == 0, report);
        Assert.Matches(@"all launched \(every expected state active\)\s+\| \d+\.\d\d s", report);
        Assert.Matches(@"all placed \(assignment for every unit\)\s+\| \d+\.\d\d s", report);
        Assert.Contains("target: every unit launched within 60 s of the first submit: MET", report, StringComparison.Ordinal);

        // 56 placed units and 17 global states: each one loaded and started (again, after a fence).
        Match jobs = Regex.Match(report, @"load / start / stop / unload\s+\| (\d+) / (\d+) / ");
        Assert.True(jobs.Success, report);
        Assert.InRange(int.Parse(jobs.Groups[1].Value, CultureInfo.InvariantCulture), 73, int.MaxValue);
        Assert.InRange(int.Parse(jobs.Groups[2].Value, CultureInfo.InvariantCulture), 73, int.MaxValue);
    }

    [Fact]
    public async Task A_bad_command_line_is_refused_before_anything_starts()
    {
        using var output = new StringWriter();

        Assert.Equal(2, await ClusterScaleRun.RunAsync(["--machines"], output, CancellationToken.None));
        Assert.Equal(2, await ClusterScaleRun.RunAsync(["--bogus", "3"], output, CancellationToken.None));
        Assert.Empty(output.ToString());
    }
}
