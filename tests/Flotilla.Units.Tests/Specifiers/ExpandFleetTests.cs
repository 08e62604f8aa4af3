using Flotilla.Units.Names;
using Flotilla.Units.Specifiers;

namespace Flotilla.Units.Tests.Specifiers;

public class ExpandFleetTests
{
    [Theory]
    [InlineData("web@8080.service", "%n", "web@8080.service")]
    [InlineData("web@8080.service", "%N", "web@8080")]
    [InlineData("web@8080.service", "%p", "web")]
    [InlineData("web@8080.service", "%i", "8080")]
    [InlineData("web@8080.service", "hostname=%i", "hostname=8080")]
    [InlineData("web@8080.service", "%p-db@%i.service", "web-db@8080.service")]
    [InlineData("web.service", "role=%i", "role=")]
    [InlineData("web.service", "%p.socket", "web.socket")]
    public void Fleet_specifiers_expand(string unit, string text, string expected)
    {
        Assert.Equal(expected, SpecifierExpander.ExpandFleet(text, UnitName.Parse(unit)));
    }

    [Theory]
    [InlineData("%H", "%H")]
    [InlineData("%m-%i", "%m-8080")]
    [InlineData("%x %", "%x %")]
    [InlineData("%", "%")]
    [InlineData("100%", "100%")]
    [InlineData("%%", "%%")]
    [InlineData("%%i", "%8080")]     // fleet replaced "%i" wherever it occurred, so "%%i" keeps one "%"
    [InlineData("%%%p", "%%web")]
    [InlineData("%I %P %f", "%I %P %f")]
    [InlineData("no specifiers", "no specifiers")]
    [InlineData("", "")]
    public void Everything_else_is_left_alone(string text, string expected)
    {
        Assert.Equal(expected, SpecifierExpander.ExpandFleet(text, UnitName.Parse("web@8080.service")));
    }
}
