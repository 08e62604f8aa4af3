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
    /// <summary>Standard input, opened only by a command that reads it (<c>kv set KEY</c> with the value piped in).</summary>
    public Func<TextReader> Input { get; init; } = static () => Console.In;

    public static CommandContext ForConsole(TextWriter output, TextWriter error, CancellationToken cancellation) =>
        new(output, error, System.Environment.GetEnvironmentVariable, TimeProvider.System, !Console.IsErrorRedirected, cancellation);
}
