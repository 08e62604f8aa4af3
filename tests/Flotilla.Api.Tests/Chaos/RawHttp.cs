using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Flotilla.Api.Tests.Chaos;

/// <summary>
/// One HTTP/1.1 request written byte for byte on a fresh TCP connection: a hostile client's request
/// target reaches the server exactly as written (HttpClient and Uri would normalise <c>%2e</c>, dot
/// segments and the like before sending).
/// </summary>
internal static class RawHttp
{
    public sealed record Answer(int Status, string ContentType, string Body);

    public static async Task<Answer> SendAsync(string baseUrl, string method, string target, string? jsonBody = null)
    {
        var server = new Uri(baseUrl);
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        NetworkStream stream = client.GetStream();
        byte[] body = Encoding.UTF8.GetBytes(jsonBody ?? "");
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {server.Host}:{server.Port}\r\n")
            .Append("Connection: close\r\n");
        if (jsonBody is not null)
        {
            head.Append("Content-Type: application/json\r\n").Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), timeout.Token);
        await stream.WriteAsync(body, timeout.Token);

        using var response = new MemoryStream();
        await stream.CopyToAsync(response, timeout.Token);
        return Parse(Encoding.UTF8.GetString(response.ToArray()));
    }

    /// <summary>
    /// Sends a JSON body of <paramref name="bodyBytes"/> bytes, chunked or with its length declared,
    /// reading the answer while it writes, as curl does: a server that refuses early answers before the
    /// body ends, and the writer stops at the first failed write (the server closed its side).
    /// </summary>
    public static async Task<Answer> SendLargeAsync(string baseUrl, string target, long bodyBytes, bool chunked)
    {
        var server = new Uri(baseUrl);
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        NetworkStream stream = client.GetStream();
        string framing = chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {bodyBytes}";
        string head = $"PUT {target} HTTP/1.1\r\nHost: {server.Host}:{server.Port}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n";
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head), timeout.Token);

        using var response = new MemoryStream();
        Task reading = stream.CopyToAsync(response, timeout.Token);
        string spaces = new(' ', 0x10000);
        byte[] chunk = Encoding.ASCII.GetBytes(chunked ? "10000\r\n" + spaces + "\r\n" : spaces);
        try
        {
            for (long sent = 0; sent < bodyBytes && !reading.IsCompleted; sent += 0x10000)
            {
                await stream.WriteAsync(chunk, timeout.Token);
            }

            if (chunked)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("0\r\n\r\n"), timeout.Token);
            }
        }
        catch (IOException)
        {
            // The server stopped reading and closed: expected once it has refused the body.
        }

        try
        {
            await reading;
        }
        catch (IOException)
        {
            // A reset after the answer arrived.
        }

        return Parse(Encoding.UTF8.GetString(response.ToArray()));
    }

    private static Answer Parse(string response)
    {
        int split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        string[] headers = response[..split].Split("\r\n");
        int status = int.Parse(headers[0].Split(' ')[1], CultureInfo.InvariantCulture);
        string Header(string name) => headers.Skip(1)
            .Where(h => h.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(h => h[(name.Length + 1)..].Trim())
            .FirstOrDefault() ?? "";
        string body = response[(split + 4)..];
        if (Header("Transfer-Encoding").Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Unchunk(body);
        }

        return new Answer(status, Header("Content-Type"), body);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        int at = 0;
        while (true)
        {
            int lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            int size = int.Parse(chunked[at..lineEnd].Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToString();
            }

            // Sizes count bytes; the error bodies here are ASCII, so characters are bytes.
            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
