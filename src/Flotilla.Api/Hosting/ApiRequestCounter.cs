using System.Collections.Concurrent;

namespace Flotilla.Api.Hosting;

/// <summary>Counts finished requests by method and status code for /metrics.</summary>
public sealed class ApiRequestCounter
{
    private readonly ConcurrentDictionary<(string Method, int Status), long> _counts = new();

    public void Count(string method, int status) => _counts.AddOrUpdate((method, status), 1, (_, n) => n + 1);

    public IReadOnlyList<(string Method, int Status, long Count)> Snapshot() =>
        [.. _counts.Select(pair => (pair.Key.Method, pair.Key.Status, pair.Value)).OrderBy(c => c.Method, StringComparer.Ordinal).ThenBy(c => c.Status)];
}
