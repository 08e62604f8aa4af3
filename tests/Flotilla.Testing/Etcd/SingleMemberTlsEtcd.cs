namespace Flotilla.Testing.Etcd;

/// <summary>Class fixture: one etcd member serving clients only over mutual TLS, with the certificates it was made with.</summary>
public sealed class SingleMemberTlsEtcd : IAsyncLifetime
{
    public SingleMemberTlsEtcd()
    {
        Certificates = TestCertificates.Create();
        Cluster = new EtcdCluster(1, Certificates);
    }

    public TestCertificates Certificates { get; }

    public EtcdCluster Cluster { get; }

    public string Endpoint => Cluster.Endpoints[0];

    public async Task InitializeAsync()
    {
        try
        {
            await Cluster.InitializeAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose initialization failed.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        // The member first: it holds the certificate files open while it runs.
        await Cluster.DisposeAsync();
        Certificates.Dispose();
    }
}
