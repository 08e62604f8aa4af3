using System.Text;

namespace Flotilla.Cli.Client.Http11;

/// <summary>The bytes of one HTTP/1.1 request on a connection of its own (<c>Connection: close</c>).</summary>
internal static class Http11RequestWriter
{
    /// <param name="body">The content's bytes, already read (ours are small: unit files, key values).</param>
    public static byte[] Format(HttpRequestMessage request, ReadOnlySpan<byte> body)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("the request has no address");
        if (!uri.IsAbsoluteUri)
        {
            throw new InvalidOperationException($"the request's address \"{uri}\" is not absolute");
        }

        var head = new StringBuilder(256);
        head.Append(request.Method.Method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(request.Headers.Host ?? uri.Authority).Append("\r\n");
        foreach (var header in request.Headers.NonValidated)
        {
            // These describe this connection, which we alone manage.
            if (header.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)
                || header.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                || header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            AppendHeader(head, header.Key, header.Value.ToString());
        }

        if (request.Content is { } content)
        {
            foreach (var header in content.Headers.NonValidated)
            {
                if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    AppendHeader(head, header.Key, header.Value.ToString());
                }
            }
        }

        if (request.Content is not null || body.Length > 0 || RequiresLength(request.Method))
        {
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("Connection: close\r\n\r\n");

        var headLength = Encoding.Latin1.GetByteCount(head.ToString());
        var bytes = new byte[headLength + body.Length];
        Encoding.Latin1.GetBytes(head.ToString(), bytes);
        body.CopyTo(bytes.AsSpan(headLength));
        return bytes;
    }

    private static void AppendHeader(StringBuilder head, string name, string value)
    {
        if (value.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new InvalidOperationException($"the header {name} contains a line break");
        }

        head.Append(name).Append(": ").Append(value).Append("\r\n");
    }

    /// <summary>A PUT or POST without a body still says so, or some servers wait for one (RFC 9110 §8.6).</summary>
    private static bool RequiresLength(HttpMethod method) => method == HttpMethod.Put || method == HttpMethod.Post;
}
