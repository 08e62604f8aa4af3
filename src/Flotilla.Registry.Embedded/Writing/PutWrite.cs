namespace Flotilla.Registry.Embedded.Writing;

internal sealed class PutWrite(string key, byte[] value, long leaseId, CancellationToken cancellationToken)
    : WriteRequest<long>(cancellationToken)
{
    public override void Apply(WriteSession session)
    {
        if (leaseId != 0)
        {
            session.RequireLease(leaseId);
        }

        session.Put(key, value, leaseId);
        Result = session.WriteRevision;
    }
}
