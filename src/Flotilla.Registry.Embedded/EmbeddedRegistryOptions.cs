using Microsoft.Extensions.Logging;

namespace Flotilla.Registry.Embedded;

/// <summary>How an <see cref="EmbeddedRegistry"/> keeps time, history and limits.</summary>
public sealed class EmbeddedRegistryOptions
{
    /// <summary>The clock for lease expiry; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How many revisions of history to keep for reads at old revisions and for watches that resume
    /// (etcd's revision-based auto-compaction). Older history is compacted automatically, in the
    /// writer's own loop, once about an eighth more has accumulated. 0 keeps all history (a read at an
    /// old revision then undoes every change since it, so it gets slower as history grows).
    /// </summary>
    public long HistoryRevisions { get; init; } = 10_000;

    /// <summary>The request limits; etcd's defaults unless a test wants smaller ones.</summary>
    public RegistryLimits Limits { get; init; } = RegistryLimits.Default;

    /// <summary>
    /// How many undelivered events one watcher may have buffered before it stops being fed live and
    /// catches up by re-reading history from the database instead (so a slow consumer never holds
    /// memory without bound, and never blocks writers).
    /// </summary>
    public int WatchBufferEvents { get; init; } = 65_536;

    /// <summary>The most write requests committed together in one SQLite transaction (group commit).</summary>
    public int MaxBatchRequests { get; init; } = 4_096;

    /// <summary>Where the store reports lease expiry, compaction and failed commits; none by default.</summary>
    public ILogger? Logger { get; init; }
}
