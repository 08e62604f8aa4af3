using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Flotilla.Cli.Client.Http11;

/// <summary>
/// A minimal HTTP/1.1 client handler: one connection per request (<c>Connection: close</c>) over a
/// unix socket or TCP, with TLS for https. The CLI makes a handful of requests per process, so
/// SocketsHttpHandler's pooling, HTTP/2-3 and diagnostics machinery cost more to start (~45 ms per
/// command, docs/performance.md) than they ever save here.
/// </summary>
/// <remarks>
/// Failures to connect or to read the answer's head are <see cref="HttpRequestException"/>s (a TLS
/// failure with its <see cref="AuthenticationException"/> inside), as SocketsHttpHandler reports them.
/// </remarks>
internal sealed class Http11Handler(string? socketPath, ClientTls tls) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("the request has no address");
        var body = request.Content is { } content ? await content.ReadAsByteArrayAsync(cancellationToken) : [];
        var requestBytes = Http11RequestWriter.Format(request, body);

        var connection = new Http11Connection(await ConnectAsync(uri, cancellationToken));
        try
        {
            try
            {
                await connection.Stream.WriteAsync(requestBytes, cancellationToken);
                await connection.Stream.FlushAsync(cancellationToken);
                return await ReadResponseAsync(request, connection, cancellationToken);
            }
            catch (IOException e)
            {
                throw new HttpRequestException(HttpRequestError.ResponseEnded, $"the connection to {uri.Authority} failed: {e.Message}", e);
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async Task<Stream> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        var socket = socketPath is null
            ? new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Stream stream;
        try
        {
            if (socketPath is null)
            {
                await socket.ConnectAsync(uri.IdnHost, uri.Port, cancellationToken);
            }
            else
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            }

            stream = new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"{e.Message} ({socketPath ?? uri.Authority})", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return stream;
        }

        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(tls.CreateOptions(uri.IdnHost), cancellationToken);
            return ssl;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync();
            throw new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.", e);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    private static async Task<HttpResponseMessage> ReadResponseAsync(HttpRequestMessage request, Http11Connection connection, CancellationToken cancellationToken)
    {
        Http11StatusLine status;
        List<KeyValuePair<string, string>> headers;
        do
        {
            var line = await connection.ReadLineAsync(cancellationToken)
                ?? throw new HttpRequestException(HttpRequestError.ResponseEnded, "the agent closed the connection without answering");
            status = Http11Parser.ParseStatusLine(line);
            headers = [];
            while (true)
            {
                var headerLine = await connection.ReadLineAsync(cancellationToken)
                    ?? throw new HttpRequestException(HttpRequestError.ResponseEnded, "the agent closed the connection in the middle of its answer's headers");
                if (headerLine.Length == 0)
                {
                    break;
                }

                headers.Add(Http11Parser.ParseHeaderLine(headerLine));
            }
        }
        while ((int)status.StatusCode is >= 100 and < 200); // Interim answers (100 Continue) precede the real one.

        var framing = Http11Parser.DecideFraming(request.Method, status.StatusCode, Find(headers, "Transfer-Encoding"), Find(headers, "Content-Length"));
        var response = new HttpResponseMessage(status.StatusCode)
        {
            Version = status.Version,
            ReasonPhrase = status.ReasonPhrase,
            RequestMessage = request,
            Content = new StreamContent(Http11BodyStream.Create(connection, framing)),
        };
        foreach (var (name, value) in headers)
        {
            // The framing headers describe this connection's bytes, which the body stream has already decoded.
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    private static string? Find(List<KeyValuePair<string, string>> headers, string name)
    {
        string? found = null;
        foreach (var (key, value) in headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                found = found is null ? value : found + ", " + value;
            }
        }

        return found;
    }
}
