namespace Flotilla.Cli.Client;

/// <summary>No agent answered at the endpoint (no socket, connection refused, timeout).</summary>
internal sealed class AgentUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
