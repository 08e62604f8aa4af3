using System.Diagnostics;
using Flotilla.Units.Registration;

namespace Flotilla.Agent.Registering;

/// <summary>
/// Runs one health check: GET on a URL (any 2xx is healthy) or a command through <c>/bin/sh -c</c>
/// (exit 0 is healthy). A check that does not answer within its time limit is unhealthy; its process is
/// killed.
/// </summary>
public sealed class HealthProbe
{
    // One client for every check of the process: sockets are pooled, never exhausted by frequent checks.
    private static readonly HttpClient Http = new();

    public async Task<bool> CheckAsync(ServiceRegistration registration, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (registration.HealthCheck is not { } check)
        {
            return true;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return registration.IsHttpCheck ? await CheckUrlAsync(check, timeout.Token) : await CheckCommandAsync(check, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> CheckUrlAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await Http.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<bool> CheckCommandAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start /bin/sh");
        process.StandardInput.Close();
        Task drainOut = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task drainError = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Task.WhenAll(drainOut, drainError);
        return process.ExitCode == 0;
    }
}
