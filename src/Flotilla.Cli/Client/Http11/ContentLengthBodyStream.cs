namespace Flotilla.Cli.Client.Http11;

/// <summary>A body of exactly Content-Length bytes; a connection that ends sooner is an error, not a short body.</summary>
internal sealed class ContentLengthBodyStream(Http11Connection connection, long length) : Http11BodyStream(connection)
{
    private long _remaining = length;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var read = await Connection.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
        if (read == 0)
        {
            throw new IOException($"the connection closed with {_remaining} bytes of the answer still to come");
        }

        _remaining -= read;
        return read;
    }
}
