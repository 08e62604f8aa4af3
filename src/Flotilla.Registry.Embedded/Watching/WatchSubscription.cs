using System.Threading.Channels;
using Flotilla.Registry.Watching;

namespace Flotilla.Registry.Embedded.Watching;

/// <summary>
/// One watcher's live feed: the events under its prefix of every revision after
/// <see cref="StartRevision"/>, buffered so the writer never waits for the consumer. When more than
/// the buffer limit is undelivered, the feed stops (<see cref="Overflowed"/>) and the watcher catches
/// up from the database instead.
/// </summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly Channel<WatchBatch> _channel = Channel.CreateUnbounded<WatchBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly WatchHub _hub;
    private readonly int _bufferLimit;
    private int _buffered;

    public WatchSubscription(WatchHub hub, string prefix, long startRevision, int bufferLimit)
    {
        _hub = hub;
        Prefix = prefix;
        StartRevision = startRevision;
        _bufferLimit = bufferLimit;
    }

    public string Prefix { get; }

    /// <summary>The last revision published when the subscription began; the feed carries later ones.</summary>
    public long StartRevision { get; }

    public bool Overflowed { get; private set; }

    public bool Closed { get; private set; }

    public ChannelReader<WatchBatch> Reader => _channel.Reader;

    /// <summary>Marks a batch as consumed (frees buffer room).</summary>
    public void Consumed(WatchBatch batch) => Interlocked.Add(ref _buffered, -batch.Events.Count);

    /// <summary>Called by the hub, under its lock, with the events of one commit.</summary>
    internal void Offer(List<WatchEvent> events)
    {
        if (Overflowed || Closed)
        {
            return;
        }

        List<WatchEvent>? mine = null;
        foreach (WatchEvent item in events)
        {
            if (item.Item.Key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                (mine ??= []).Add(item);
            }
        }

        if (mine is null)
        {
            return;
        }

        if (Interlocked.Add(ref _buffered, mine.Count) > _bufferLimit)
        {
            Overflowed = true;
            _channel.Writer.TryComplete();
            return;
        }

        _channel.Writer.TryWrite(new WatchBatch(mine[^1].Revision, mine));
    }

    internal void Close()
    {
        Closed = true;
        _channel.Writer.TryComplete();
    }

    public void Dispose() => _hub.Unsubscribe(this);
}
