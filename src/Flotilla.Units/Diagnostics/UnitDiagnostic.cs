namespace Flotilla.Units.Diagnostics;

/// <summary>
/// One problem found in a unit file. <paramref name="Line"/> is 1-based; 0 means the problem
/// concerns the file as a whole (its name, or a combination of keys).
/// </summary>
public sealed record UnitDiagnostic(DiagnosticSeverity Severity, string File, int Line, string? Key, string Message)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Formats as <c>FILE:LINE: message</c> (or <c>FILE: message</c> without a line), the way compilers do.</summary>
    public override string ToString()
    {
        var prefix = Severity == DiagnosticSeverity.Warning ? "warning: " : string.Empty;
        return Line > 0 ? $"{File}:{Line}: {prefix}{Message}" : $"{File}: {prefix}{Message}";
    }
}
