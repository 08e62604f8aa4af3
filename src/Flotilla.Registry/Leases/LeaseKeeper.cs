using Flotilla.Registry.Errors;

namespace Flotilla.Registry.Leases;

/// <summary>
/// Keeps one lease alive by renewing it every third of its TTL, retrying through transient failures
/// (a dead member, a timeout), and reports through <see cref="Lost"/> when the lease is certainly gone:
/// the store says it does not exist, or no renewal succeeded before its TTL ran out. Callers that hold
/// something under the lease (an agent's units, a leader's role) must stop when <see cref="Lost"/> fires.
/// </summary>
public sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly IRegistry _registry;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _loop;

    private LeaseKeeper(IRegistry registry, LeaseGrant lease, TimeProvider time, DateTimeOffset grantSentAt)
    {
        _registry = registry;
        _time = time;
        Lease = lease;
        ExpiresAt = grantSentAt + lease.Ttl;
        Lost = _lost.Token;
        _loop = Task.Run(RenewAsync);
    }

    public LeaseGrant Lease { get; }

    /// <summary>Cancelled once the lease is known to be gone (it never fires after <see cref="DisposeAsync"/>).</summary>
    /// <remarks>Taken once, so holders may still read it after the keeper is disposed.</remarks>
    public CancellationToken Lost { get; }

    /// <summary>
    /// When the lease expires unless renewed again: the moment the last successful renewal was
    /// <em>sent</em> plus its TTL. The store received it later, so its own expiry is never earlier than
    /// this; a holder that stops by this time has stopped before anyone else may take over.
    /// </summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>Starts renewing <paramref name="lease"/> in the background.</summary>
    public static LeaseKeeper Start(IRegistry registry, LeaseGrant lease, TimeProvider time) => new(registry, lease, time, time.GetUtcNow());

    /// <summary>
    /// Starts renewing <paramref name="lease"/>, counting its first expiry from <paramref name="grantSentAt"/>
    /// (when the grant request was sent), for holders that must never believe the lease lives longer than it does.
    /// </summary>
    public static LeaseKeeper Start(IRegistry registry, LeaseGrant lease, TimeProvider time, DateTimeOffset grantSentAt) =>
        new(registry, lease, time, grantSentAt);

    /// <summary>Stops renewing. The lease is left to expire; revoke it first for an immediate release.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewAsync()
    {
        TimeSpan interval = Lease.Ttl / 3;
        TimeSpan retry = TimeSpan.FromMilliseconds(Math.Max(50, Lease.Ttl.TotalMilliseconds / 20));
        CancellationToken stop = _stop.Token;
        TimeSpan wait = interval;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(wait, _time, stop);
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop);
                attempt.CancelAfter(interval);
                DateTimeOffset sentAt = _time.GetUtcNow();
                TimeSpan ttl = await _registry.KeepAliveAsync(Lease.Id, attempt.Token);
                ExpiresAt = sentAt + ttl;
                wait = interval;
            }
            catch (RegistryLeaseNotFoundException)
            {
                await _lost.CancelAsync();
                return;
            }
            catch (Exception error) when (IsTransient(error) && !stop.IsCancellationRequested)
            {
                // A member died or answered slowly: try again soon, as long as the lease may still be alive.
                if (_time.GetUtcNow() >= ExpiresAt)
                {
                    await _lost.CancelAsync();
                    return;
                }

                wait = retry;
            }
        }
    }

    private static bool IsTransient(Exception error) =>
        error is RegistryUnavailableException or RegistryTimeoutException or OperationCanceledException;
}
