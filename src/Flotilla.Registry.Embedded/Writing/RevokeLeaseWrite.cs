namespace Flotilla.Registry.Embedded.Writing;

internal sealed class RevokeLeaseWrite(long leaseId, CancellationToken cancellationToken)
    : WriteRequest<bool>(cancellationToken)
{
    public override void Apply(WriteSession session)
    {
        session.RemoveLease(leaseId);
        Result = true;
    }
}
