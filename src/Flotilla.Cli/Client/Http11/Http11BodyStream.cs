namespace Flotilla.Cli.Client.Http11;

/// <summary>
/// A response body read from its connection as the bytes arrive (streamed answers such as
/// <c>journal -f</c> are read line by line while the agent is still writing). Disposing it closes the connection.
/// </summary>
internal abstract class Http11BodyStream(Http11Connection connection) : Stream
{
    protected Http11Connection Connection => connection;

    public static Http11BodyStream Create(Http11Connection connection, Http11Framing framing) => framing.Kind switch
    {
        Http11FramingKind.Chunked => new ChunkedBodyStream(connection),
        Http11FramingKind.ContentLength => new ContentLengthBodyStream(connection, framing.Length),
        Http11FramingKind.UntilClose => new UntilCloseBodyStream(connection),
        _ => new ContentLengthBodyStream(connection, 0),
    };

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            connection.Dispose();
        }

        base.Dispose(disposing);
    }
}
