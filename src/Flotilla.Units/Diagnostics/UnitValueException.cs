namespace Flotilla.Units.Diagnostics;

/// <summary>
/// Thrown by the value parsers (names, time spans, exec lines, ...) when a text is not valid.
/// The message is the user-facing text without location; the caller that knows the file, line
/// and key turns it into a <see cref="UnitDiagnostic"/>.
/// </summary>
public sealed class UnitValueException : Exception
{
    public UnitValueException(string message)
        : base(message)
    {
    }

    public UnitValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UnitValueException()
    {
    }
}
