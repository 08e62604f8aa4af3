namespace Flotilla.Registry.Embedded.Writing;

/// <summary>
/// Queued by the lease timer only to wake the write loop: every batch first expires the leases that
/// are due, so the tick itself has nothing to do.
/// </summary>
internal sealed class LeaseTick() : WriteRequest(CancellationToken.None)
{
    public static LeaseTick Instance { get; } = new();

    public override void Apply(WriteSession session)
    {
    }

    public override void Complete()
    {
    }

    public override void Fail(Exception error)
    {
    }
}
