namespace Flotilla.Cli.Client.Http11;

/// <summary>A body with neither length nor chunks: it ends when the server closes the connection.</summary>
internal sealed class UntilCloseBodyStream(Http11Connection connection) : Http11BodyStream(connection)
{
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Connection.ReadAsync(buffer, cancellationToken);
}
