using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Flotilla.Api.Hosting;

namespace Flotilla.Cli.Client;

/// <summary>
/// The TLS side of the global options: a client certificate (--cert-file/--key-file) to present, and
/// --ca-file as the one authority the agent's certificate must chain to (not the system store), as fleetctl did.
/// Without --ca-file the system's trust store decides.
/// </summary>
internal sealed class ClientTls(X509Certificate2? clientCertificate, X509Certificate2? authority)
{
    /// <summary>No client certificate; the system's trust store decides.</summary>
    public static ClientTls SystemDefault { get; } = new(null, null);

    public static ClientTls FromOptions(ClientOptions options) => new(
        options.CertFile is { } certFile ? X509Certificate2.CreateFromPemFile(certFile, options.KeyFile) : null,
        options.CaFile is { } caFile ? X509CertificateLoader.LoadCertificateFromFile(caFile) : null);

    public SslClientAuthenticationOptions CreateOptions(string targetHost)
    {
        var options = new SslClientAuthenticationOptions { TargetHost = targetHost };
        if (clientCertificate is { } certificate)
        {
            options.ClientCertificates = [certificate];
            // Present it whatever authorities the server names: the agent decides whom it trusts.
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        if (authority is { } trusted)
        {
            // --ca-file: trust exactly that authority (not the system store), as fleetctl did, and the name must match.
            options.RemoteCertificateValidationCallback = (_, serverCertificate, _, errors) =>
                serverCertificate is not null
                && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                && ApiTls.IsSignedBy(new X509Certificate2(serverCertificate), trusted);
        }

        return options;
    }
}
