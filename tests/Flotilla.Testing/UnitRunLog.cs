using System.Globalization;

namespace Flotilla.Testing;

/// <summary>
/// Where test units record when they run: each run of a unit writes its own file in one directory and
/// appends the time (epoch milliseconds) every <see cref="HeartbeatPeriod"/> while it lives. A run is
/// the span from its first to its last line, so it is known even when the process was killed with
/// SIGKILL and could write no "stopped" line.
/// </summary>
public sealed class UnitRunLog
{
    /// <summary>How often a running unit writes; a run may have lived this much (plus a fork) after its last line.</summary>
    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMilliseconds(50);

    public UnitRunLog(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    /// <summary>
    /// An ExecStart line (unit-file syntax: <c>%%</c> and <c>$$</c> are the escapes for <c>%</c> and
    /// <c>$</c>) for a unit that heartbeats into this log as the machine the agent says it is.
    /// </summary>
    public string ExecStart(string unitName) => ExecStart(unitName, HeartbeatPeriod);

    /// <summary>
    /// As <see cref="ExecStart(string)"/>, beating every <paramref name="period"/>: tests with many units
    /// beat more slowly so the forks of <c>date</c> and <c>sleep</c> do not swamp a small machine.
    /// </summary>
    public string ExecStart(string unitName, TimeSpan period) =>
        "ExecStart=/bin/sh -c 'f=" + Directory + "/" + unitName + ".$${FLOTILLA_MACHINE_ID}.$$$$; " +
        "while :; do date +%%s%%3N >> $$f; sleep " + period.TotalSeconds.ToString("0.0##", CultureInfo.InvariantCulture) + "; done'";

    /// <summary>Every run recorded so far.</summary>
    public IReadOnlyList<UnitRun> Runs()
    {
        var runs = new List<UnitRun>();
        foreach (string file in System.IO.Directory.EnumerateFiles(Directory))
        {
            // <unit>.<machine>.<pid>; unit names contain dots themselves, so split from the right.
            string name = Path.GetFileName(file);
            int pidDot = name.LastIndexOf('.');
            int machineDot = name.LastIndexOf('.', pidDot - 1);
            var stamps = File.ReadAllLines(file)
                .Where(line => long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .Select(line => long.Parse(line, CultureInfo.InvariantCulture))
                .ToList();
            if (stamps.Count == 0)
            {
                continue;
            }

            runs.Add(new UnitRun(
                name[..machineDot],
                name[(machineDot + 1)..pidDot],
                DateTimeOffset.FromUnixTimeMilliseconds(stamps.Min()),
                DateTimeOffset.FromUnixTimeMilliseconds(stamps.Max())));
        }

        return runs.OrderBy(r => r.FirstSeen).ToList();
    }

    /// <summary>Pairs of runs of the same unit that may have lived at the same time (a run counts until a heartbeat after its last line).</summary>
    public static IReadOnlyList<(UnitRun First, UnitRun Second)> Overlaps(IReadOnlyList<UnitRun> runs) => Overlaps(runs, HeartbeatPeriod);

    /// <summary>As <see cref="Overlaps(IReadOnlyList{UnitRun})"/> for units that beat every <paramref name="period"/>.</summary>
    public static IReadOnlyList<(UnitRun First, UnitRun Second)> Overlaps(IReadOnlyList<UnitRun> runs, TimeSpan period)
    {
        var overlaps = new List<(UnitRun, UnitRun)>();
        foreach (var unit in runs.GroupBy(r => r.Unit))
        {
            var ordered = unit.OrderBy(r => r.FirstSeen).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                for (var j = i + 1; j < ordered.Count; j++)
                {
                    if (ordered[j].FirstSeen <= ordered[i].LastSeen + period)
                    {
                        overlaps.Add((ordered[i], ordered[j]));
                    }
                }
            }
        }

        return overlaps;
    }
}
