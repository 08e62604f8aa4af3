using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Flotilla.Registry.Etcd.Connection;

/// <summary>The CA and client certificate from the options, loaded once up front so a bad path fails at construction with a clear message.</summary>
internal sealed class EtcdTls
{
    private readonly X509Certificate2Collection? _authorities;
    private readonly X509Certificate2? _clientCertificate;

    private EtcdTls(X509Certificate2Collection? authorities, X509Certificate2? clientCertificate)
    {
        _authorities = authorities;
        _clientCertificate = clientCertificate;
    }

    public static EtcdTls Load(EtcdRegistryOptions options)
    {
        X509Certificate2Collection? authorities = null;
        if (options.CaFile is not null)
        {
            authorities = [];
            try
            {
                authorities.ImportFromPemFile(options.CaFile);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new ArgumentException($"the etcd CA file '{options.CaFile}' cannot be read: {error.Message}", nameof(options), error);
            }

            if (authorities.Count == 0)
            {
                throw new ArgumentException($"the etcd CA file '{options.CaFile}' holds no PEM certificate", nameof(options));
            }
        }

        X509Certificate2? client = null;
        if (options.ClientCertificateFile is not null || options.ClientKeyFile is not null)
        {
            if (options.ClientCertificateFile is null || options.ClientKeyFile is null)
            {
                throw new ArgumentException("a client certificate needs both the certificate file and the key file", nameof(options));
            }

            try
            {
                client = X509Certificate2.CreateFromPemFile(options.ClientCertificateFile, options.ClientKeyFile);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new ArgumentException($"the etcd client certificate '{options.ClientCertificateFile}' with key '{options.ClientKeyFile}' cannot be loaded: {error.Message}", nameof(options), error);
            }
        }

        return new EtcdTls(authorities, client);
    }

    public SslClientAuthenticationOptions ClientOptions()
    {
        var ssl = new SslClientAuthenticationOptions();
        if (_clientCertificate is not null)
        {
            ssl.ClientCertificates = [_clientCertificate];
        }

        if (_authorities is not null)
        {
            // Trust exactly the configured CA, not the system store: etcd clusters use private CAs.
            ssl.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            ssl.CertificateChainPolicy.CustomTrustStore.AddRange(_authorities);
        }

        return ssl;
    }
}
