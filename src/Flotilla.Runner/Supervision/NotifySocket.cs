using System.Net.Sockets;
using System.Text;

namespace Flotilla.Runner.Supervision;

/// <summary>
/// The datagram socket a <c>Type=notify</c> service reports on (sd_notify(3)). Abstract (<c>@name</c>), so
/// no path length limit or stale file can get in the way, and one per run, so a late message from an old
/// run cannot be mistaken for the new one's.
/// </summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket;

    public NotifySocket(string name)
    {
        Address = "@" + name;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint("\0" + name));
    }

    /// <summary>The value of <c>$NOTIFY_SOCKET</c>.</summary>
    public string Address { get; }

    /// <summary>The next message's assignments (<c>READY=1</c>, <c>STATUS=...</c>, <c>MAINPID=...</c>).</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        return Parse(Encoding.UTF8.GetString(buffer, 0, length));
    }

    /// <summary>Newline-separated <c>KEY=VALUE</c> lines; others are ignored, as sd_notify's receivers do.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> Parse(string message)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var line in message.Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                result.Add(new(line[..equals], line[(equals + 1)..]));
            }
        }

        return result;
    }

    public void Dispose() => _socket.Dispose();
}
