namespace Flotilla.Units.Environments;

/// <summary>
/// Thrown by <see cref="EnvironmentFileParser"/> for a line it cannot read. The message starts
/// with <c>line N: </c>; the caller adds the file's path.
/// </summary>
public sealed class EnvironmentFileException : Exception
{
    public EnvironmentFileException(int line, string reason)
        : base($"line {line}: {reason}")
    {
        Line = line;
    }

    public EnvironmentFileException(string message)
        : base(message)
    {
    }

    public EnvironmentFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EnvironmentFileException()
    {
    }

    /// <summary>The 1-based line where the bad assignment starts; 0 when unknown.</summary>
    public int Line { get; }
}
