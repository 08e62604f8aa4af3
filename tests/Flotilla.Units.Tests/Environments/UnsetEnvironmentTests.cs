using Flotilla.Units.Diagnostics;
using Flotilla.Units.Environments;

namespace Flotilla.Units.Tests.Environments;

public class UnsetEnvironmentTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("A", "A")]
    [InlineData("A B=2 C=", "A|B=2|C=")]
    [InlineData("\"A=x y\"", "A=x y")]
    [InlineData("A=x\\sy", "A=x y")]
    public void Entries_are_names_or_assignments(string value, string expected)
    {
        Assert.Equal(expected, string.Join('|', UnsetEnvironment.Parse(value)));
    }

    [Theory]
    [InlineData("1A", "invalid environment variable \"1A\"")]
    [InlineData("A =1", "invalid environment variable \"=1\"")]
    [InlineData("A-B", "invalid environment variable \"A-B\"")]
    [InlineData("A \"B", "invalid environment variable \"A \\\"B\": unbalanced quotes")]
    public void Bad_entries_are_rejected(string value, string expected)
    {
        var e = Assert.Throws<UnitValueException>(() => UnsetEnvironment.Parse(value));
        Assert.Equal(expected, e.Message);
    }
}
