using Flotilla.Registry.Errors;
using Flotilla.Registry.Etcd;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Tests.Conformance;
using Flotilla.Registry.Watching;

namespace Flotilla.Registry.Tests.Etcd;

/// <summary>
/// The CA, client certificate and key options against a real etcd that requires client certificates:
/// everything works with them, and without a client certificate or with the wrong CA nothing gets
/// through and the caller sees a typed registry error.
/// </summary>
public sealed class EtcdTlsTests : IClassFixture<SingleMemberTlsEtcd>
{
    // Short: refusals are retried until this runs out (reads always; writes when the client itself
    // refused the handshake, since then nothing was sent).
    private static readonly TimeSpan RefusedTimeout = TimeSpan.FromSeconds(2);

    private readonly SingleMemberTlsEtcd _etcd;

    public EtcdTlsTests(SingleMemberTlsEtcd etcd)
    {
        _etcd = etcd;
    }

    [Fact]
    public async Task With_the_ca_and_a_client_certificate_puts_gets_watches_and_leases_work_over_tls()
    {
        await using EtcdRegistry registry = _etcd.Cluster.Connect();
        string prefix = $"/tls/{Guid.NewGuid():N}/";

        long revision = await registry.PutAsync(prefix + "a", Data.RegistryText.Encode("1"));
        Assert.Equal("1", (await registry.GetAsync(prefix + "a"))!.ValueText);

        await using var watch = WatchRecorder.Start(registry, prefix, revision + 1);
        LeaseGrant lease = await registry.GrantLeaseAsync(TimeSpan.FromSeconds(30));
        await registry.PutAsync(prefix + "b", Data.RegistryText.Encode("2"), lease.Id);

        WatchEvent put = Assert.Single(await watch.WaitForEventsAsync(1, TimeSpan.FromSeconds(5)));
        Assert.Null(watch.Failure);
        Assert.Equal(WatchEventKind.Put, put.Kind);
        Assert.Equal(prefix + "b", put.Item.Key);
        Assert.Equal(lease.Id, put.Item.LeaseId);
        LeaseStatus? status = await registry.GetLeaseAsync(lease.Id);
        Assert.Equal([prefix + "b"], status!.Keys);
        await registry.RevokeLeaseAsync(lease.Id);
    }

    [Fact]
    public async Task Without_a_client_certificate_etcd_refuses_and_nothing_is_written()
    {
        string key = $"/tls/{Guid.NewGuid():N}/denied";
        await using (var anonymous = new EtcdRegistry(new EtcdRegistryOptions
        {
            Endpoints = [_etcd.Endpoint],
            CaFile = _etcd.Certificates.CaFile,
            RequestTimeout = RefusedTimeout,
        }))
        {
            await Assert.ThrowsAsync<RegistryUnavailableException>(() => anonymous.PutAsync(key, Data.RegistryText.Encode("x")));
            await Assert.ThrowsAsync<RegistryUnavailableException>(() => anonymous.GetAsync(key));
        }

        await using EtcdRegistry trusted = _etcd.Cluster.Connect();
        Assert.Null(await trusted.GetAsync(key));
    }

    [Fact]
    public async Task A_client_certificate_from_another_ca_is_refused_and_nothing_is_written()
    {
        using TestCertificates stranger = TestCertificates.Create("Stranger");
        string key = $"/tls/{Guid.NewGuid():N}/stranger";
        await using (var registry = new EtcdRegistry(new EtcdRegistryOptions
        {
            Endpoints = [_etcd.Endpoint],
            CaFile = _etcd.Certificates.CaFile,
            ClientCertificateFile = stranger.ClientCertificateFile,
            ClientKeyFile = stranger.ClientKeyFile,
            RequestTimeout = RefusedTimeout,
        }))
        {
            await Assert.ThrowsAsync<RegistryUnavailableException>(() => registry.PutAsync(key, Data.RegistryText.Encode("x")));
        }

        await using EtcdRegistry trusted = _etcd.Cluster.Connect();
        Assert.Null(await trusted.GetAsync(key));
    }

    [Fact]
    public async Task A_server_certificate_from_an_untrusted_ca_is_refused_by_the_client()
    {
        // The client certificate is a good one: only the server's chain is wrong from the client's view.
        using TestCertificates stranger = TestCertificates.Create("Stranger");
        string key = $"/tls/{Guid.NewGuid():N}/untrusted";
        await using (var registry = new EtcdRegistry(new EtcdRegistryOptions
        {
            Endpoints = [_etcd.Endpoint],
            CaFile = stranger.CaFile,
            ClientCertificateFile = _etcd.Certificates.ClientCertificateFile,
            ClientKeyFile = _etcd.Certificates.ClientKeyFile,
            RequestTimeout = RefusedTimeout,
        }))
        {
            var error = await Assert.ThrowsAsync<RegistryUnavailableException>(() => registry.PutAsync(key, Data.RegistryText.Encode("x")));
            Assert.Contains(_etcd.Endpoint, error.Message);
        }

        await using EtcdRegistry trusted = _etcd.Cluster.Connect();
        Assert.Null(await trusted.GetAsync(key));
    }

    [Fact]
    public async Task A_write_moves_on_past_a_member_whose_certificate_the_client_does_not_trust()
    {
        // A second etcd with a certificate from another CA, listed first: the client refuses it in
        // the handshake, before anything is sent, so even a put may go on to the trusted member.
        using TestCertificates stranger = TestCertificates.Create("Stranger");
        await using EtcdCluster impostor = await EtcdCluster.StartAsync(1, stranger);
        string key = $"/tls/{Guid.NewGuid():N}/failover";
        await using var registry = new EtcdRegistry(new EtcdRegistryOptions
        {
            Endpoints = [impostor.Endpoints[0], _etcd.Endpoint],
            CaFile = _etcd.Certificates.CaFile,
            ClientCertificateFile = _etcd.Certificates.ClientCertificateFile,
            ClientKeyFile = _etcd.Certificates.ClientKeyFile,
        });

        long revision = await registry.PutAsync(key, Data.RegistryText.Encode("1"));

        Assert.Equal(_etcd.Endpoint, registry.ActiveEndpoint);
        await using EtcdRegistry trusted = _etcd.Cluster.Connect();
        Assert.Equal(revision, (await trusted.GetAsync(key))!.ModRevision);
    }
}
