using System.Globalization;
using System.Net;

namespace Flotilla.Cli.Client.Http11;

/// <summary>
/// The pure half of the HTTP/1.1 client: status lines, header lines, chunk-size lines and how a
/// response's body is delimited (RFC 9112). Anything malformed is an <see cref="HttpRequestException"/>
/// with <see cref="HttpRequestError.InvalidResponse"/>, as the framework's own handler reports it.
/// </summary>
internal static class Http11Parser
{
    public static Http11StatusLine ParseStatusLine(string line)
    {
        // "HTTP/1.1 200 OK": the reason phrase may be empty, and then the space after the code may be missing too.
        if (line.Length < 12 || !line.StartsWith("HTTP/1.", StringComparison.Ordinal) || line[8] != ' '
            || line[7] is not ('0' or '1')
            || !int.TryParse(line.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            || code < 100
            || (line.Length > 12 && line[12] != ' '))
        {
            throw Malformed($"the agent's answer does not start with an HTTP/1.x status line: \"{Shorten(line)}\"");
        }

        var version = line[7] == '1' ? HttpVersion.Version11 : HttpVersion.Version10;
        var reason = line.Length > 13 ? line[13..] : "";
        return new Http11StatusLine(version, (HttpStatusCode)code, reason);
    }

    public static KeyValuePair<string, string> ParseHeaderLine(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || line.AsSpan(0, colon).ContainsAny(" \t"))
        {
            throw Malformed($"the agent sent a malformed header line: \"{Shorten(line)}\"");
        }

        return new KeyValuePair<string, string>(line[..colon], line[(colon + 1)..].Trim(' ', '\t'));
    }

    /// <summary>The size of the next chunk; chunk extensions (";name=value") are ignored.</summary>
    public static long ParseChunkSize(string line)
    {
        var semicolon = line.IndexOf(';', StringComparison.Ordinal);
        var digits = (semicolon >= 0 ? line.AsSpan(0, semicolon) : line.AsSpan()).Trim(" \t");
        if (digits.Length == 0 || digits.Length > 15
            || !long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw Malformed($"the agent sent a malformed chunk size: \"{Shorten(line)}\"");
        }

        return size;
    }

    /// <summary>How the body after the headers ends (RFC 9112 §6.3, for a client).</summary>
    /// <param name="contentLength">The Content-Length header's text, if any.</param>
    /// <param name="transferEncoding">The Transfer-Encoding header's text, if any.</param>
    public static Http11Framing DecideFraming(HttpMethod method, HttpStatusCode status, string? transferEncoding, string? contentLength)
    {
        var code = (int)status;
        if (method == HttpMethod.Head || code is < 200 or 204 or 304)
        {
            return Http11Framing.None;
        }

        if (transferEncoding is not null)
        {
            // Chunked must come last when present; any other coding runs until the connection closes.
            var last = transferEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            return string.Equals(last, "chunked", StringComparison.OrdinalIgnoreCase) ? Http11Framing.Chunked : Http11Framing.UntilClose;
        }

        if (contentLength is not null)
        {
            if (!long.TryParse(contentLength.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                throw Malformed($"the agent sent an invalid Content-Length: \"{Shorten(contentLength)}\"");
            }

            return Http11Framing.OfLength(length);
        }

        return Http11Framing.UntilClose;
    }

    public static HttpRequestException Malformed(string message) =>
        new(HttpRequestError.InvalidResponse, message);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
