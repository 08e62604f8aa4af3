using Flotilla.Registry.Leases;

namespace Flotilla.Registry.Embedded.Writing;

internal sealed class GrantLeaseWrite(long ttlSeconds, CancellationToken cancellationToken)
    : WriteRequest<LeaseGrant>(cancellationToken)
{
    public override void Apply(WriteSession session)
    {
        // etcd's IDs: random, positive, never 0.
        long id;
        do
        {
            id = Random.Shared.NextInt64(1, long.MaxValue);
        }
        while (session.LeaseTtl(id) is not null);

        session.InsertLease(id, ttlSeconds);
        Result = new LeaseGrant(id, TimeSpan.FromSeconds(ttlSeconds));
    }
}
