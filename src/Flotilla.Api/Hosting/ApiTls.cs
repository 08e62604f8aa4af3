using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Flotilla.Api.Hosting;

/// <summary>
/// TLS for the API's <c>https://</c> addresses: the agent's certificate and key (PEM files) and, optionally,
/// the authority whose certificates clients must present (mutual TLS, as etcd's <c>--client-cert-auth</c>).
/// The same files make the agent a client of its peers when it proxies a journal: it presents its own
/// certificate and trusts <see cref="ClientCaFile"/> (or the system's store when there is none).
/// </summary>
public sealed record ApiTls(string CertificateFile, string KeyFile)
{
    /// <summary>When set, a client without a certificate signed by this authority is refused during the handshake.</summary>
    public string? ClientCaFile { get; init; }

    /// <summary>Loads the agent's certificate with its private key; fails with the file named when either is unusable.</summary>
    public X509Certificate2 LoadCertificate()
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidDataException($"cannot load the API certificate {CertificateFile} with key {KeyFile}: {error.Message}", error);
        }
    }

    /// <summary>Loads <see cref="ClientCaFile"/>, or null when clients need no certificate.</summary>
    public X509Certificate2? LoadClientAuthority()
    {
        if (ClientCaFile is null)
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(ClientCaFile);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidDataException($"cannot load the API client CA {ClientCaFile}: {error.Message}", error);
        }
    }

    /// <summary>Whether <paramref name="certificate"/> chains to <paramref name="authority"/> alone (not the system store).</summary>
    public static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>What the journal proxy presents to a peer agent and how it checks the peer's certificate.</summary>
    internal SslClientAuthenticationOptions PeerClientOptions(X509Certificate2 certificate, X509Certificate2? authority) => new()
    {
        ClientCertificates = [certificate],
        RemoteCertificateValidationCallback = authority is null
            ? null
            : (_, peer, _, errors) => peer is not null
                && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                && IsSignedBy(new X509Certificate2(peer), authority),
    };
}
