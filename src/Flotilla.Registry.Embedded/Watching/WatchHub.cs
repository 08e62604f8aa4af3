using Flotilla.Registry.Errors;
using Flotilla.Registry.Watching;

namespace Flotilla.Registry.Embedded.Watching;

/// <summary>
/// Fans committed events out to in-process watchers. Subscribing and publishing share one lock, so a
/// new subscriber knows exactly which revisions it will get live (after <see cref="WatchSubscription.StartRevision"/>)
/// and which it must replay from the database (up to it): no gap, no duplicate.
/// </summary>
internal sealed class WatchHub
{
    private readonly object _gate = new();
    private readonly int _bufferLimit;
    private WatchSubscription[] _subscriptions = [];
    private long _published;
    private bool _closed;

    public WatchHub(long revision, int bufferLimit)
    {
        _published = revision;
        _bufferLimit = bufferLimit;
    }

    public WatchSubscription Subscribe(string prefix)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw new RegistryClosedException("the embedded registry is closed");
            }

            var subscription = new WatchSubscription(this, prefix, _published, _bufferLimit);
            _subscriptions = [.. _subscriptions, subscription];
            return subscription;
        }
    }

    /// <summary>Publishes the events of one commit, which left the store at <paramref name="revision"/>.</summary>
    public void Publish(List<WatchEvent> events, long revision)
    {
        lock (_gate)
        {
            _published = revision;
            if (events.Count == 0)
            {
                return;
            }

            foreach (WatchSubscription subscription in _subscriptions)
            {
                subscription.Offer(events);
            }
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (WatchSubscription subscription in _subscriptions)
            {
                subscription.Close();
            }

            _subscriptions = [];
        }
    }

    internal void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = Array.FindAll(_subscriptions, s => s != subscription);
        }
    }
}
