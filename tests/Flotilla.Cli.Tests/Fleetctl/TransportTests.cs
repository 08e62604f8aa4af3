using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flotilla.Testing;

namespace Flotilla.Cli.Tests.Fleetctl;

/// <summary>https with --ca-file and a client certificate, and --request-timeout, against the fake transport.</summary>
public sealed class TransportTests : IAsyncLifetime
{
    private readonly FakeAgentApi _api = new();
    private readonly TemporaryDirectory _files = new();
    private X509Certificate2 _server = null!;

    public async Task InitializeAsync()
    {
        _api.Machines.Add(new FakeMachine("1a2b3c4d5e6f", "10.0.0.1"));
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the server can use its key on every platform.
        _server = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        await File.WriteAllTextAsync(Path.Combine(_files.Path, "ca.pem"), _server.ExportCertificatePem());

        using var clientKey = RSA.Create(2048);
        var clientRequest = new CertificateRequest("CN=flotilla-cli-test", clientKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var client = clientRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(Path.Combine(_files.Path, "client.pem"), client.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(_files.Path, "client-key.pem"), clientKey.ExportPkcs8PrivateKeyPem());
        await _api.StartHttpsAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _server.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Https_with_the_ca_file_and_a_client_certificate_works()
    {
        var (exit, output, error) = await CliRun.RunAsync([
            "list-machines", "--no-legend", "--endpoint", _api.HttpsUrl,
            "--ca-file", Path.Combine(_files.Path, "ca.pem"),
            "--cert-file", Path.Combine(_files.Path, "client.pem"),
            "--key-file", Path.Combine(_files.Path, "client-key.pem")]);
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal("1a2b3c4d...\t10.0.0.1\t-\n", output);
        Assert.Equal("CN=flotilla-cli-test", _api.ClientCertificateSubject);
    }

    [Fact]
    public async Task Tls_options_come_from_the_environment_too()
    {
        var environment = new Dictionary<string, string>
        {
            ["FLEETCTL_ENDPOINT"] = _api.HttpsUrl,
            ["FLEETCTL_CA_FILE"] = Path.Combine(_files.Path, "ca.pem"),
        };
        var (exit, _, error) = await CliRun.RunAsync(["list-machines"], environment);
        Assert.Equal("", error);
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task An_untrusted_server_certificate_is_refused()
    {
        var (exit, output, error) = await CliRun.RunAsync(["list-machines", "--endpoint", _api.HttpsUrl]);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"TLS with the flotilla agent at {_api.HttpsUrl} failed: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_agent_runs_into_the_request_timeout()
    {
        _api.MachinesDelay = TimeSpan.FromSeconds(10);
        var (exit, _, error) = await CliRun.RunAsync([
            "list-machines", "--endpoint", _api.HttpsUrl, "--ca-file", Path.Combine(_files.Path, "ca.pem"), "--request-timeout", "0.3"]);
        Assert.Equal(1, exit);
        Assert.Equal($"the flotilla agent at {_api.HttpsUrl} did not answer within 0.3s (--request-timeout)\n", error);
    }
}
