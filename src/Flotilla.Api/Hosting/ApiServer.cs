using Flotilla.Api.Fleet;
using Flotilla.Api.Native;
using Flotilla.Registry;
using Flotilla.Runner;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flotilla.Api.Hosting;

/// <summary>
/// The agent's HTTP API: Kestrel on the configured unix sockets and TCP addresses, serving fleet's v1
/// endpoints, Flotilla's native ones and /metrics over the given registry and local runner.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ApiServerOptions _options;

    private ApiServer(WebApplication app, ApiServerOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>The addresses served, with TCP port 0 replaced by the port Kestrel chose.</summary>
    public IReadOnlyList<string> Urls =>
        [.. _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];

    /// <summary>
    /// Starts listening; fails (IOException) when a socket path is held by a live process, and
    /// (InvalidDataException) when the TLS certificate, key or client CA cannot be loaded.
    /// </summary>
    public static async Task<ApiServer> StartAsync(IRegistry registry, IUnitManager units, ApiServerOptions options, CancellationToken cancellationToken)
    {
        if (options.Addresses.Count == 0)
        {
            throw new ArgumentException("the API needs at least one address", nameof(options));
        }

        if (options.Tls is null && options.Addresses.FirstOrDefault(a => a.UsesTls) is { } secure)
        {
            throw new ArgumentException($"the API address {secure} needs a certificate and key (--api-cert-file, --api-key-file)", nameof(options));
        }

        // Loaded before anything listens, so a bad file stops the agent with the file named.
        X509Certificate2? certificate = options.Tls?.LoadCertificate();
        X509Certificate2? clientAuthority = options.Tls?.LoadClientAuthority();
        foreach (ApiAddress address in options.Addresses.Where(a => a.IsUnixSocket))
        {
            UnixSocketGuard.Prepare(address.SocketPath!);
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Flotilla.Api", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            foreach (ApiAddress address in options.Addresses)
            {
                if (address.SocketPath is { } path)
                {
                    kestrel.ListenUnixSocket(path, listen => listen.Protocols = HttpProtocols.Http1);
                }
                else if (address.UsesTls)
                {
                    kestrel.Listen(address.EndPoint!, listen =>
                    {
                        listen.Protocols = HttpProtocols.Http1;
                        listen.UseHttps(https =>
                        {
                            https.ServerCertificate = certificate;
                            if (clientAuthority is not null)
                            {
                                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                                https.ClientCertificateValidation = (client, _, _) => ApiTls.IsSignedBy(client, clientAuthority);
                            }
                        });
                    });
                }
                else
                {
                    kestrel.Listen(address.EndPoint!, listen => listen.Protocols = HttpProtocols.Http1);
                }
            }
        });

        var services = new ApiServices(registry, units, options, certificate, clientAuthority);
        builder.Services.AddSingleton(services);
        builder.Services.AddRoutingCore();
        WebApplication app = builder.Build();
        app.UseMiddleware<ApiErrorMiddleware>();
        FleetEndpoints.Map(app, services);
        NativeEndpoints.Map(app, services);
        app.MapFallback(FleetEndpoints.Handler(context => Task.FromResult(ApiResponses.Error(StatusCodes.Status404NotFound, $"no such endpoint: {context.Request.Method} {context.Request.Path}"))));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var server = new ApiServer(app, options);
        foreach (string url in server.Urls)
        {
            ApiLog.Listening(options.Logger, url);
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using (var shortly = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(shortly.Token);
        }

        _app.Services.GetRequiredService<ApiServices>().PeerClient.Dispose();
        await _app.DisposeAsync();
        foreach (ApiAddress address in _options.Addresses.Where(a => a.IsUnixSocket))
        {
            File.Delete(address.SocketPath!);
        }
    }
}
