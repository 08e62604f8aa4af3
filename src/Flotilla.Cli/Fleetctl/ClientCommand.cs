using Flotilla.Cli.Client;
using Flotilla.Cli.Commands;

namespace Flotilla.Cli.Fleetctl;

/// <summary>
/// A verb that talks to an agent: parses its flags with the global ones, builds the client, and turns
/// transport and API failures into one line on stderr. Exit codes: 0 success, 1 error, 2 usage.
/// </summary>
internal abstract class ClientCommand(CommandContext context) : ICliCommand
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    public abstract string Name { get; }

    public abstract string Summary { get; }

    /// <summary>Usage line(s) and description, without the global options (added by <see cref="Usage"/>).</summary>
    protected abstract string CommandUsage { get; }

    /// <summary>This verb's own flags.</summary>
    protected virtual IReadOnlyDictionary<string, FlagKind> Flags { get; } = new Dictionary<string, FlagKind>();

    /// <summary>One-letter spellings of this verb's flags.</summary>
    protected virtual IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>();

    public string Usage => CommandUsage + "\n" + GlobalFlags.Usage;

    protected CommandContext Context { get; } = context;

    protected TextWriter Output => Context.Output;

    protected TextWriter Error => Context.Error;

    public int Run(IReadOnlyList<string> arguments)
    {
        var flags = new Dictionary<string, FlagKind>(GlobalFlags.All);
        foreach (var (name, kind) in Flags)
        {
            flags[name] = kind;
        }

        var line = CommandLine.Parse(arguments, flags, Aliases, out var parseError);
        if (line is null)
        {
            return Misused(parseError!);
        }

        var options = GlobalFlags.Resolve(line, Context.Environment, out var optionsError);
        if (options is null)
        {
            return Misused(optionsError!);
        }

        try
        {
            using var client = new FlotillaApiClient(options);
            return RunAsync(line, client, Context.Cancellation).GetAwaiter().GetResult();
        }
        catch (AgentUnreachableException e)
        {
            Error.WriteLine(e.Message);
            return Failure;
        }
        catch (ApiException e)
        {
            Error.WriteLine($"Error: {e.Message}");
            return Failure;
        }
        catch (OperationCanceledException) when (Context.Cancellation.IsCancellationRequested)
        {
            // Ctrl+C on a follow or a wait: the user chose to stop.
            return Failure;
        }
        catch (CommandFailedException e)
        {
            Error.WriteLine(e.Message);
            return Failure;
        }
    }

    protected abstract Task<int> RunAsync(CommandLine line, FlotillaApiClient client, CancellationToken cancellationToken);

    /// <summary>Prints what was wrong and the usage; exit code 2.</summary>
    protected int Misused(string problem)
    {
        Error.WriteLine($"flotilla {Name}: {problem}");
        Error.Write(Usage);
        return UsageError;
    }
}
