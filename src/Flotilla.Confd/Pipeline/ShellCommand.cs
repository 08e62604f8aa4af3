using System.Diagnostics;

namespace Flotilla.Confd.Pipeline;

/// <summary>Runs check_cmd and reload_cmd as confd does: <c>/bin/sh -c COMMAND</c>, output captured.</summary>
internal static class ShellCommand
{
    /// <returns>The exit code and the combined output (stdout then stderr).</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /bin/sh");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A command that outlives the role would keep running unsupervised.
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, (await output.ConfigureAwait(false)) + (await error.ConfigureAwait(false)));
    }

    /// <summary>Go's exec error text for a non-zero exit ("exit status N").</summary>
    public static string ExitStatus(int exitCode) => $"exit status {exitCode}";
}
