using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Flotilla.Testing.WebServer;

/// <summary>
/// The web service of the haproxy end-to-end test: <c>Flotilla.Testing.WebServer PORT TEXT...</c> listens
/// on 127.0.0.1:PORT and answers every HTTP request with 200 and the TEXT words (the unit's instance
/// name and machine), closing the connection. Written here because python and busybox are not on every
/// test machine, and a real HTTP server is what haproxy must see.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            await Console.Error.WriteLineAsync("usage: Flotilla.Testing.WebServer PORT TEXT...");
            return 2;
        }

        byte[] body = Encoding.UTF8.GetBytes(string.Join(' ', args[1..]) + "\n");
        byte[] head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Console.WriteLine($"serving on 127.0.0.1:{port}");
        while (true)
        {
            Socket client = await listener.AcceptSocketAsync();
            _ = AnswerAsync(client, head, body);
        }
    }

    private static async Task AnswerAsync(Socket client, byte[] head, byte[] body)
    {
        using (client)
        {
            try
            {
                // Read the request head (up to the blank line), then answer; the body of a GET is empty.
                var buffer = new byte[4096];
                var received = new StringBuilder();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    int read = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await client.SendAsync(head, SocketFlags.None, timeout.Token);
                await client.SendAsync(body, SocketFlags.None, timeout.Token);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // A health check that hung up early, or a client that never finished its request.
            }
        }
    }
}
