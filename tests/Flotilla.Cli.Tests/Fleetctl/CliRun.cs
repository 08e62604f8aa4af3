using Flotilla.Cli.Commands;
using Flotilla.Cli.Fleetctl;

namespace Flotilla.Cli.Tests.Fleetctl;

/// <summary>Runs the CLI in-process with captured output and a fixed environment.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        await RunAsync(arguments, environment, showProgress: false);

    /// <param name="showProgress">What the console context sets when stderr is a terminal.</param>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] arguments, IReadOnlyDictionary<string, string>? environment, bool showProgress, string input = "")
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CommandContext(output, error, name => environment?.GetValueOrDefault(name), TimeProvider.System, showProgress, CancellationToken.None)
        {
            Input = () => new StringReader(input),
        };
        // Off the test thread: commands block on their async work.
        var exitCode = await Task.Run(() => CliApplication.Create(output, error, context).Run(arguments));
        return (exitCode, output.ToString(), error.ToString());
    }
}
