namespace Flotilla.Confd.Toml;

/// <summary>A TOML file that cannot be read; the message names the file and line (<c>FILE:LINE: problem</c>).</summary>
public sealed class TomlException : Exception
{
    public TomlException(string file, int line, string problem)
        : base($"{file}:{line}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    public TomlException()
        : this("", 0, "invalid TOML")
    {
    }

    public TomlException(string message)
        : this("", 0, message)
    {
    }

    public TomlException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "";
        Problem = message;
    }

    public string File { get; }

    public int Line { get; }

    public string Problem { get; }
}
