using System.Net;
using System.Net.Security;
using Flotilla.Api.Hosting;
using Flotilla.Registry.Embedded;
using Flotilla.Runner;
using Flotilla.Testing;
using Flotilla.Testing.Etcd;

namespace Flotilla.Api.Tests.Hosting;

/// <summary>The API on an https:// address: served with the agent's certificate, and with a client CA only to clients it signed.</summary>
public sealed class TlsApiTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly TestCertificates _stranger = TestCertificates.Create("Someone Else");
    private EmbeddedRegistry _registry = null!;
    private BuiltInUnitManager _runner = null!;

    public Task InitializeAsync()
    {
        _registry = EmbeddedRegistry.Open(_directory.Database);
        _runner = new BuiltInUnitManager(new BuiltInRunnerOptions
        {
            StateDirectory = Path.Combine(_directory.Path, "runner"),
            RunnerId = "flotilla-tls-test-" + Guid.NewGuid().ToString("N")[..12],
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        await _registry.DisposeAsync();
        _certificates.Dispose();
        _stranger.Dispose();
        _directory.Dispose();
    }

    private async Task<(ApiServer Server, string Url)> StartAsync(ApiTls? tls)
    {
        string url = $"https://127.0.0.1:{FreePorts.Take(1)[0]}";
        ApiServer server = await ApiServer.StartAsync(_registry, _runner, new ApiServerOptions
        {
            MachineId = "m1",
            Addresses = [ApiAddress.Parse(url)],
            Tls = tls,
        }, default);
        return (server, url);
    }

    private static HttpClient Client(SslClientAuthenticationOptions ssl) =>
        new(new SocketsHttpHandler { SslOptions = ssl, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>Trusts <paramref name="authority"/>'s CA only; presents its client certificate when asked to.</summary>
    private static SslClientAuthenticationOptions Trusting(TestCertificates authority, bool presentCertificate)
    {
        SslClientAuthenticationOptions options = authority.HttpClientOptions();
        if (!presentCertificate)
        {
            options.ClientCertificates = null;
        }

        return options;
    }

    [Fact]
    public async Task An_https_address_serves_the_api_with_the_agents_certificate()
    {
        var (server, url) = await StartAsync(new ApiTls(_certificates.ServerCertificateFile, _certificates.ServerKeyFile));
        await using (server)
        {
            using HttpClient client = Client(Trusting(_certificates, presentCertificate: false));
            HttpResponseMessage response = await client.GetAsync(url + "/flotilla/v1/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(url, server.Urls);

            // A client that trusts another authority refuses the agent's certificate.
            using HttpClient doubting = Client(Trusting(_stranger, presentCertificate: false));
            await Assert.ThrowsAsync<HttpRequestException>(() => doubting.GetAsync(url + "/flotilla/v1/health"));

            // Plain HTTP on the TLS port gets no API answer.
            using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            Exception? plainFailure = await Record.ExceptionAsync(async () =>
            {
                HttpResponseMessage answer = await plain.GetAsync(url.Replace("https://", "http://", StringComparison.Ordinal) + "/flotilla/v1/health");
                Assert.NotEqual(HttpStatusCode.OK, answer.StatusCode);
            });
            Assert.True(plainFailure is null or HttpRequestException, plainFailure?.ToString());
        }
    }

    [Fact]
    public async Task With_a_client_ca_only_clients_holding_a_certificate_it_signed_are_served()
    {
        var (server, url) = await StartAsync(new ApiTls(_certificates.ServerCertificateFile, _certificates.ServerKeyFile) { ClientCaFile = _certificates.CaFile });
        await using (server)
        {
            using HttpClient signed = Client(Trusting(_certificates, presentCertificate: true));
            Assert.Equal(HttpStatusCode.OK, (await signed.GetAsync(url + "/fleet/v1/machines")).StatusCode);

            using HttpClient anonymous = Client(Trusting(_certificates, presentCertificate: false));
            await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.GetAsync(url + "/fleet/v1/machines"));

            // A certificate from another CA is refused too.
            SslClientAuthenticationOptions impostor = Trusting(_certificates, presentCertificate: false);
            impostor.ClientCertificates = _stranger.HttpClientOptions().ClientCertificates;
            using HttpClient stranger = Client(impostor);
            await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync(url + "/fleet/v1/machines"));
        }
    }

    [Fact]
    public async Task An_https_address_without_a_certificate_is_refused_naming_the_address()
    {
        string url = $"https://127.0.0.1:{FreePorts.Take(1)[0]}";
        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => ApiServer.StartAsync(_registry, _runner, new ApiServerOptions
        {
            MachineId = "m1",
            Addresses = [ApiAddress.Parse(url)],
        }, default));
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_does_not_match_the_certificate_is_refused_naming_the_files()
    {
        var tls = new ApiTls(_certificates.ServerCertificateFile, _stranger.ServerKeyFile);
        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => StartAsync(tls));
        Assert.Contains(_certificates.ServerCertificateFile, error.Message, StringComparison.Ordinal);
        Assert.Contains(_stranger.ServerKeyFile, error.Message, StringComparison.Ordinal);
    }
}
