using System.Diagnostics;
using Flotilla.Runner.Journal;

namespace Flotilla.Runner.Processes;

/// <summary>
/// Starts a unit's processes, each in a session and process group of its own, with stdout and stderr
/// copied line by line into the unit's journal.
/// </summary>
/// <remarks>
/// The .NET Process class cannot call setsid(), so the program is started through <c>/usr/bin/setsid</c>:
/// a child of .NET is not a process group leader, so setsid calls setsid() and execs in place, and the PID
/// we get is the program's own. A change of user goes through <c>setpriv</c>, which also execs in place,
/// and a different argv[0] (the <c>@</c> prefix) through bash's <c>exec -a</c>.
/// </remarks>
internal static class ProcessLauncher
{
    public const string Setsid = "/usr/bin/setsid";
    public const string Setpriv = "/usr/bin/setpriv";
    public const string Bash = "/bin/bash";

    public static LaunchedProcess Launch(LaunchRequest request, UnitJournal journal)
    {
        var start = new ProcessStartInfo(Setsid)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = request.WorkingDirectory,
        };
        start.Environment.Clear();
        foreach (var (name, value) in request.Environment)
        {
            start.Environment[name] = value;
        }

        if (request.User is not null || request.Group is not null)
        {
            start.ArgumentList.Add(Setpriv);
            if (request.User is not null)
            {
                start.ArgumentList.Add("--reuid=" + request.User);
            }

            if (request.Group is not null)
            {
                start.ArgumentList.Add("--regid=" + request.Group);
            }

            // --init-groups needs a user to look up; a lone Group= drops the supplementary groups instead.
            start.ArgumentList.Add(request.User is not null ? "--init-groups" : "--clear-groups");
            start.ArgumentList.Add("--");
        }

        var argumentZero = request.Arguments.Count > 0 ? request.Arguments[0] : request.Program;
        if (!string.Equals(argumentZero, request.Program, StringComparison.Ordinal) && File.Exists(Bash))
        {
            start.ArgumentList.Add(Bash);
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec -a \"$0\" \"$@\"");
            start.ArgumentList.Add(argumentZero);
        }

        start.ArgumentList.Add(request.Program);
        for (var i = 1; i < request.Arguments.Count; i++)
        {
            start.ArgumentList.Add(request.Arguments[i]);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");

        // systemd connects stdin to /dev/null: an immediate end of file is the closest a pipe gets.
        process.StandardInput.Close();
        var output = Task.WhenAll(
            CopyLinesAsync(process.StandardOutput, journal, JournalSource.Stdout),
            CopyLinesAsync(process.StandardError, journal, JournalSource.Stderr));
        var pid = process.Id;
        var exit = WaitAsync(process);

        // Disposing closes the pipes, so it waits until a daemon's last descendant has closed them too.
        _ = Task.WhenAll(exit, output).ContinueWith(_ => process.Dispose(), TaskScheduler.Default);
        return new LaunchedProcess(pid, exit, output);
    }

    private static async Task<ProcessExit> WaitAsync(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        return ProcessExit.FromDotNetExitCode(process.ExitCode);
    }

    private static async Task CopyLinesAsync(StreamReader reader, UnitJournal journal, JournalSource source)
    {
        // A line-by-line copy on the thread pool: the pipe stays open as long as any descendant holds it.
        await Task.Yield();
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                journal.Write(source, line);
            }
        }
        catch (IOException)
        {
            // The pipe broke: nothing more to copy.
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
