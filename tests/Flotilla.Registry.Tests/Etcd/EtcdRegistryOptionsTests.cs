using Flotilla.Registry.Errors;
using Flotilla.Registry.Etcd;

namespace Flotilla.Registry.Tests.Etcd;

public sealed class EtcdRegistryOptionsTests
{
    [Fact]
    public void A_missing_ca_file_is_a_clear_error_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => new EtcdRegistry(new EtcdRegistryOptions
        {
            Endpoints = ["https://127.0.0.1:2379"],
            CaFile = "/nonexistent/ca.pem",
        }));

        Assert.Contains("CA file '/nonexistent/ca.pem'", error.Message);
    }

    [Fact]
    public void A_client_certificate_without_its_key_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new EtcdRegistry(new EtcdRegistryOptions
        {
            Endpoints = ["https://127.0.0.1:2379"],
            ClientCertificateFile = "/nonexistent/client.pem",
        }));

        Assert.Contains("key file", error.Message);
    }

    [Fact]
    public void No_endpoints_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new EtcdRegistry(new EtcdRegistryOptions()));
    }

    [Fact]
    public async Task An_unreachable_store_is_unavailable_not_an_rpc_error()
    {
        int port = FreePorts.Take(1)[0];
        await using var registry = new EtcdRegistry(new EtcdRegistryOptions
        {
            Endpoints = [$"http://127.0.0.1:{port}"],
            RequestTimeout = TimeSpan.FromSeconds(1),
        });

        await Assert.ThrowsAsync<RegistryUnavailableException>(() => registry.GetAsync("/x"));
        await Assert.ThrowsAsync<RegistryUnavailableException>(() => registry.PutAsync("/x", Data.RegistryText.Encode("y")));
    }

    [Fact]
    public async Task Disposing_twice_is_harmless()
    {
        var registry = new EtcdRegistry(new EtcdRegistryOptions { Endpoints = ["http://127.0.0.1:1"] });
        await registry.DisposeAsync();
        await registry.DisposeAsync();
        await Assert.ThrowsAsync<RegistryClosedException>(() => registry.GetRevisionAsync());
    }
}
