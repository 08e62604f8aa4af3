namespace Flotilla.Registry.Embedded.Writing;

internal sealed class KeepAliveWrite(long leaseId, CancellationToken cancellationToken)
    : WriteRequest<TimeSpan>(cancellationToken)
{
    public override void Apply(WriteSession session) =>
        Result = TimeSpan.FromSeconds(session.RenewLease(leaseId));
}
