using System.Net;

namespace Flotilla.Api.Hosting;

/// <summary>
/// Where the API listens: a unix socket (<c>unix:///path</c> or a plain absolute path) or a TCP address
/// (<c>http://IP:PORT</c>, or <c>https://IP:PORT</c> served with the agent's certificate). Only IP literals
/// are accepted for TCP, so nothing ever binds more widely than the user wrote (0.0.0.0 only when given literally).
/// </summary>
public sealed record ApiAddress
{
    private ApiAddress(string? socketPath, IPEndPoint? endPoint, bool usesTls)
    {
        SocketPath = socketPath;
        EndPoint = endPoint;
        UsesTls = usesTls;
    }

    /// <summary>The unix socket's path, or null for a TCP address.</summary>
    public string? SocketPath { get; }

    /// <summary>The TCP end point, or null for a unix socket.</summary>
    public IPEndPoint? EndPoint { get; }

    public bool IsUnixSocket => SocketPath is not null;

    /// <summary>A TCP address served over TLS (<c>https://</c>): the agent needs a certificate (<see cref="ApiTls"/>).</summary>
    public bool UsesTls { get; }

    public static ApiAddress UnixSocket(string path) => new(Path.GetFullPath(path), null, usesTls: false);

    public static ApiAddress Tcp(IPEndPoint endPoint, bool usesTls = false) => new(null, endPoint, usesTls);

    /// <summary>Parses an address; returns null and a reason when it is not one.</summary>
    public static ApiAddress? TryParse(string text, out string? problem)
    {
        problem = null;
        if (text.StartsWith("unix://", StringComparison.Ordinal))
        {
            string path = text["unix://".Length..];
            if (!path.StartsWith('/'))
            {
                problem = $"\"{text}\": a unix socket address needs an absolute path (unix:///path)";
                return null;
            }

            return UnixSocket(path);
        }

        if (text.StartsWith('/'))
        {
            return UnixSocket(text);
        }

        bool usesTls = text.StartsWith("https://", StringComparison.Ordinal);
        if (usesTls || text.StartsWith("http://", StringComparison.Ordinal))
        {
            string hostPort = text[(usesTls ? "https://" : "http://").Length..].TrimEnd('/');
            int colon = hostPort.LastIndexOf(':');
            if (colon > 0
                && IPAddress.TryParse(hostPort[..colon].Trim('[', ']'), out IPAddress? ip)
                && int.TryParse(hostPort[(colon + 1)..], System.Globalization.NumberStyles.None, null, out int port)
                && port <= 65535)
            {
                return Tcp(new IPEndPoint(ip, port), usesTls);
            }
        }

        problem = $"\"{text}\" is not unix:///path, an absolute socket path, http://IP:PORT or https://IP:PORT";
        return null;
    }

    public static ApiAddress Parse(string text) =>
        TryParse(text, out string? problem) ?? throw new FormatException(problem);

    /// <summary>The address as a client writes it: <c>unix:///path</c>, <c>http://IP:PORT</c> or <c>https://IP:PORT</c>.</summary>
    public override string ToString() =>
        SocketPath is not null ? "unix://" + SocketPath : (UsesTls ? "https://" : "http://") + EndPoint!;
}
