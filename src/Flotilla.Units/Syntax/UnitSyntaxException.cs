namespace Flotilla.Units.Syntax;

/// <summary>A unit file that cannot be read as systemd's key-file syntax; carries file and line.</summary>
public sealed class UnitSyntaxException : Exception
{
    public UnitSyntaxException(string file, int line, string message)
        : base($"{file}:{line}: {message}")
    {
        File = file;
        Line = line;
        Reason = message;
    }

    public UnitSyntaxException()
    {
        File = string.Empty;
        Reason = string.Empty;
    }

    public UnitSyntaxException(string message)
        : base(message)
    {
        File = string.Empty;
        Reason = message;
    }

    public UnitSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = string.Empty;
        Reason = message;
    }

    public string File { get; }

    public int Line { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }
}
