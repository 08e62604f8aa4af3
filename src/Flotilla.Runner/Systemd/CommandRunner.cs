using System.ComponentModel;
using System.Diagnostics;

namespace Flotilla.Runner.Systemd;

/// <summary>
/// Runs systemctl and journalctl as child processes: the arguments go through
/// <see cref="ProcessStartInfo.ArgumentList"/> (no shell, nothing is re-split or expanded), stdin is
/// closed so nothing can wait for a password, and every call is bound by a timeout and the caller's token.
/// </summary>
internal sealed class CommandRunner(TimeProvider time, TimeSpan timeout)
{
    public async Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var commandLine = string.Join(' ', arguments.Prepend(program));
        var startInfo = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new SystemdCommandException(commandLine, null, string.Empty, $"cannot run {program}: {e.Message}", e);
        }

        process.StandardInput.Close();
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(linked.Token);
        var stderr = process.StandardError.ReadToEndAsync(linked.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAsync(process, stdout, stderr).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new SystemdCommandException(commandLine, null, string.Empty, $"{commandLine} did not finish within {timeout} and was killed");
        }

        return new CommandResult(commandLine, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static async Task KillAsync(Process process, Task<string> stdout, Task<string> stderr)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }

        // Reap it, and observe the cancelled reads so their exceptions are not left unobserved.
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await Task.WhenAll(stdout, stderr).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
    }
}
