using Flotilla.Units.Diagnostics;
using Flotilla.Units.Values;

namespace Flotilla.Units.Tests.Values;

public class SystemdBooleanTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData("yes", true)]
    [InlineData("y", true)]
    [InlineData("true", true)]
    [InlineData("t", true)]
    [InlineData("on", true)]
    [InlineData("YES", true)]
    [InlineData("True", true)]
    [InlineData("oN", true)]
    [InlineData("T", true)]
    [InlineData("  yes\t", true)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    [InlineData("n", false)]
    [InlineData("false", false)]
    [InlineData("f", false)]
    [InlineData("off", false)]
    [InlineData("NO", false)]
    [InlineData("False", false)]
    [InlineData("OFF", false)]
    [InlineData(" 0 ", false)]
    public void Accepted_words_parse(string value, bool expected)
    {
        Assert.Equal(expected, SystemdBoolean.Parse(value));
        Assert.True(SystemdBoolean.TryParse(value, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("", "invalid boolean \"\"")]
    [InlineData("   ", "invalid boolean \"   \"")]
    [InlineData("2", "invalid boolean \"2\"")]
    [InlineData("yess", "invalid boolean \"yess\"")]
    [InlineData("enable", "invalid boolean \"enable\"")]
    [InlineData("1 0", "invalid boolean \"1 0\"")]
    [InlineData("-1", "invalid boolean \"-1\"")]
    [InlineData("ye\"s", "invalid boolean \"ye\\\"s\"")]
    public void Other_text_is_rejected_with_the_value_quoted(string value, string expected)
    {
        var e = Assert.Throws<UnitValueException>(() => SystemdBoolean.Parse(value));
        Assert.Equal(expected, e.Message);
        Assert.False(SystemdBoolean.TryParse(value, out _));
    }

    [Fact]
    public void TryParse_of_null_is_false()
    {
        Assert.False(SystemdBoolean.TryParse(null, out var parsed));
        Assert.False(parsed);
    }
}
