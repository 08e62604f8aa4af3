namespace Flotilla.Runner.Systemd;

/// <summary>A systemctl or journalctl call failed: it could not run, timed out, or exited with a non-zero code.</summary>
public sealed class SystemdCommandException : Exception
{
    public SystemdCommandException(string commandLine, int? exitCode, string standardError, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    public SystemdCommandException()
    {
        CommandLine = string.Empty;
        StandardError = string.Empty;
    }

    public SystemdCommandException(string message)
        : base(message)
    {
        CommandLine = string.Empty;
        StandardError = string.Empty;
    }

    public SystemdCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
        CommandLine = string.Empty;
        StandardError = string.Empty;
    }

    /// <summary>The program and its arguments, as run (no shell was involved).</summary>
    public string CommandLine { get; }

    /// <summary>The exit code, or null when the program could not be run or was killed after the timeout.</summary>
    public int? ExitCode { get; }

    /// <summary>What the program wrote to its standard error, trimmed.</summary>
    public string StandardError { get; }
}
