using System.Security.Cryptography.X509Certificates;
using Flotilla.Registry;
using Flotilla.Registry.Layout;
using Flotilla.Runner;

namespace Flotilla.Api.Hosting;

/// <summary>What every endpoint works with: the registry (raw and as cluster records), the local runner and the options.</summary>
public sealed class ApiServices(IRegistry registry, IUnitManager units, ApiServerOptions options, X509Certificate2? certificate = null, X509Certificate2? peerAuthority = null)
{
    public IRegistry Registry { get; } = registry;

    public ClusterRegistry Cluster { get; } = new(registry, options.Layout);

    public IUnitManager Units { get; } = units;

    public ApiServerOptions Options { get; } = options;

    public ApiRequestCounter Requests { get; } = new();

    /// <summary>The client for reading a journal from the agent that runs the unit (with this agent's certificate under TLS).</summary>
    public HttpClient PeerClient { get; } = new(CreatePeerHandler(options.Tls, certificate, peerAuthority)) { Timeout = Timeout.InfiniteTimeSpan };

    private static SocketsHttpHandler CreatePeerHandler(ApiTls? tls, X509Certificate2? certificate, X509Certificate2? authority)
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        if (tls is not null && certificate is not null)
        {
            handler.SslOptions = tls.PeerClientOptions(certificate, authority);
        }

        return handler;
    }
}
