namespace Flotilla.Units.Diagnostics;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}
