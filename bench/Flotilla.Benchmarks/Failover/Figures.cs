namespace Flotilla.Benchmarks.Failover;

/// <summary>Median and maximum of a set of durations, printed in seconds.</summary>
internal static class Figures
{
    public static TimeSpan Median(IReadOnlyCollection<TimeSpan> values)
    {
        TimeSpan[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static string Seconds(TimeSpan value) => $"{value.TotalSeconds,6:F2} s";

    public static string Summary(IReadOnlyCollection<TimeSpan> values) =>
        values.Count == 0 ? "no values" : $"median {Seconds(Median(values))}, max {Seconds(values.Max())} (n = {values.Count})";

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
