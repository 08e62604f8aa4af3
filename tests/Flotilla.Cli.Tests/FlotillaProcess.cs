using System.Diagnostics;

namespace Flotilla.Cli.Tests;

/// <summary>Runs the built <c>flotilla</c> binary as a real child process, as a user would.</summary>
internal static class FlotillaProcess
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static (int ExitCode, string Output, string Error) Run(params string[] arguments) => RunWithInput("", arguments);

    /// <summary>Runs flotilla with <paramref name="input"/> written to its stdin, which is then closed.</summary>
    public static (int ExitCode, string Output, string Error) RunWithInput(string input, params string[] arguments)
    {
        var binary = Path.Combine(AppContext.BaseDirectory, "flotilla.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(binary);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start flotilla");
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"flotilla {string.Join(' ', arguments)} did not finish within 60 s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Flotilla.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Flotilla.slnx) above " + AppContext.BaseDirectory);
    }
}
