namespace Flotilla.Registry.Embedded.Writing;

/// <summary>
/// One queued write. The write loop applies it inside the batch transaction (a
/// <see cref="Errors.RegistryException"/> from <see cref="Apply"/> rejects just this request), and only
/// after COMMIT returned calls <see cref="Complete"/> or <see cref="Fail"/>.
/// </summary>
internal abstract class WriteRequest
{
    protected WriteRequest(CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
    }

    /// <summary>A request whose caller gave up before it was applied is skipped.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Why the request was rejected, once applied; null when it was applied.</summary>
    public Exception? Rejection { get; set; }

    public abstract void Apply(WriteSession session);

    public abstract void Complete();

    public abstract void Fail(Exception error);
}
