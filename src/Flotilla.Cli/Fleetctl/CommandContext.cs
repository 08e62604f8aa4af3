namespace Flotilla.Cli.Fleetctl;

/// <summary>What a client command needs from its surroundings, so tests can supply their own.</summary>
internal sealed record CommandContext(
    TextWriter Output,
    TextWriter Error,
    Func<string, string?> Environment,
    TimeProvider Time,
    bool ShowProgress,
    CancellationToken Cancellation)
{
    public static CommandContext ForConsole(TextWriter output, TextWriter error, CancellationToken cancellation) =>
        new(output, error, System.Environment.GetEnvironmentVariable, TimeProvider.System, !Console.IsErrorRedirected, cancellation);
}
