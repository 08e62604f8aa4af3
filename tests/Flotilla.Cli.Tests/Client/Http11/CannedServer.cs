using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Flotilla.Cli.Tests.Client.Http11;

/// <summary>
/// A TCP server on 127.0.0.1 that accepts one connection, records the request head, and lets the test
/// write the answer's bytes when it likes (to show the client reads them as they arrive).
/// </summary>
internal sealed class CannedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task<Socket> _accepted;

    public CannedServer()
    {
        _listener.Start();
        _accepted = _listener.AcceptSocketAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>The request up to its blank line and then <paramref name="bodyLength"/> bytes of body.</summary>
    public async Task<string> ReadRequestAsync(int bodyLength = 0)
    {
        var socket = await _accepted.WaitAsync(TimeSpan.FromSeconds(20));
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var text = Encoding.Latin1.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && received.Count >= end + 4 + bodyLength)
            {
                return text;
            }

            var read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(20));
            if (read == 0)
            {
                return text;
            }

            received.AddRange(buffer.AsSpan(0, read));
        }
    }

    public async Task SendAsync(string text)
    {
        var socket = await _accepted;
        await socket.SendAsync(Encoding.Latin1.GetBytes(text));
    }

    public async Task CloseAsync() => (await _accepted).Shutdown(SocketShutdown.Send);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        if (_accepted.IsCompletedSuccessfully)
        {
            (await _accepted).Dispose();
        }
    }
}
