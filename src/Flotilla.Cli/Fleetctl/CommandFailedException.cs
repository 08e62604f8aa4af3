namespace Flotilla.Cli.Fleetctl;

/// <summary>A command cannot go on; its message is the one line printed on stderr (exit 1).</summary>
internal sealed class CommandFailedException(string message) : Exception(message);
