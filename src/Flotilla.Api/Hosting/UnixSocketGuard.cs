using System.Net.Sockets;

namespace Flotilla.Api.Hosting;

/// <summary>
/// Makes a unix socket path ready to listen on: a file left by an agent that died is removed, while a
/// socket some live process still answers on is refused (two agents must never share one API address).
/// </summary>
public static class UnixSocketGuard
{
    /// <exception cref="IOException">A live process accepts connections on the path, or it is not a socket.</exception>
    public static void Prepare(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            return;
        }

        if ((File.GetAttributes(path) & FileAttributes.Directory) != 0)
        {
            throw new IOException($"cannot listen on {path}: it is a directory");
        }

        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                throw new IOException($"another process (a live flotilla agent?) is serving on {path}");
            }
            catch (SocketException)
            {
                // Nobody answers: the file is left over from an agent that is gone.
            }
        }

        File.Delete(path);
    }
}
