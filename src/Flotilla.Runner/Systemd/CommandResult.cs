namespace Flotilla.Runner.Systemd;

/// <summary>How one finished child process ended and what it wrote.</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Standard error without surrounding white space: what the program complained about.</summary>
    public string Complaint => StandardError.Trim();

    /// <summary>The error a caller throws when it cannot accept this result.</summary>
    public SystemdCommandException ToException()
    {
        var stderr = Complaint;
        var detail = stderr.Length == 0 ? "(nothing on stderr)" : stderr;
        return new SystemdCommandException(CommandLine, ExitCode, stderr, $"{CommandLine} failed with exit code {ExitCode}: {detail}");
    }
}
