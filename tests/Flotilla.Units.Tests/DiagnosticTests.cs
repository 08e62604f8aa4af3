using Flotilla.Units.Diagnostics;

namespace Flotilla.Units.Tests;

public class DiagnosticTests
{
    [Fact]
    public void Error_with_a_line_formats_like_a_compiler()
    {
        var d = new UnitDiagnostic(DiagnosticSeverity.Error, "a.service", 3, "Type", "Type: invalid value \"Simple\"");
        Assert.Equal("a.service:3: Type: invalid value \"Simple\"", d.ToString());
    }

    [Fact]
    public void Warning_without_a_line_names_only_the_file()
    {
        var d = new UnitDiagnostic(DiagnosticSeverity.Warning, "a.service", 0, null, "something");
        Assert.Equal("a.service: warning: something", d.ToString());
    }
}
