namespace Flotilla.Cli.Client.Http11;

/// <summary>
/// Decodes <c>Transfer-Encoding: chunked</c> as the chunks arrive, handing out each chunk's bytes
/// without waiting for the whole chunk. Trailer fields after the last chunk are read and dropped.
/// </summary>
internal sealed class ChunkedBodyStream(Http11Connection connection) : Http11BodyStream(connection)
{
    private long _remainingInChunk;
    private bool _afterFirstChunk;
    private bool _done;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_done || buffer.IsEmpty)
        {
            return 0;
        }

        if (_remainingInChunk == 0)
        {
            if (_afterFirstChunk)
            {
                // The CR LF that closes the previous chunk's data.
                var end = await ReadRequiredLineAsync(cancellationToken);
                if (end.Length != 0)
                {
                    throw Http11Parser.Malformed("the agent sent chunk data longer than its chunk size");
                }
            }

            _afterFirstChunk = true;
            _remainingInChunk = Http11Parser.ParseChunkSize(await ReadRequiredLineAsync(cancellationToken));
            if (_remainingInChunk == 0)
            {
                while ((await ReadRequiredLineAsync(cancellationToken)).Length != 0)
                {
                    // A trailer field: nothing here uses them.
                }

                _done = true;
                return 0;
            }
        }

        var read = await Connection.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remainingInChunk)], cancellationToken);
        if (read == 0)
        {
            throw new IOException("the connection closed in the middle of a chunk");
        }

        _remainingInChunk -= read;
        return read;
    }

    private async ValueTask<string> ReadRequiredLineAsync(CancellationToken cancellationToken) =>
        await Connection.ReadLineAsync(cancellationToken)
        ?? throw new IOException("the connection closed before the chunked answer ended");
}
