namespace Flotilla.Registry.Embedded.Writing;

/// <summary>A write a caller awaits; <see cref="WriteRequest{T}.Result"/> is set by Apply and handed over after COMMIT.</summary>
internal abstract class WriteRequest<T> : WriteRequest
{
    // Continuations run on the thread pool, never inline on the single writer thread.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected WriteRequest(CancellationToken cancellationToken)
        : base(cancellationToken)
    {
    }

    public Task<T> Task => _completion.Task;

    protected T Result { get; set; } = default!;

    public override void Complete() => _completion.TrySetResult(Result);

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
