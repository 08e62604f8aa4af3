using Flotilla.Units.Diagnostics;
using Flotilla.Units.Environments;

namespace Flotilla.Units.Tests.Environments;

public class EnvironmentAssignmentsTests
{
    // Expected pairs are written "NAME=value" joined by '|' to keep the table readable.
    [Theory]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("A=1", "A=1")]
    [InlineData("A=", "A=")]
    [InlineData("A=1 B=2", "A=1|B=2")]
    [InlineData("  A=1\tB=2  ", "A=1|B=2")]
    [InlineData("\"A=x y\" B=z", "A=x y|B=z")]
    [InlineData("C=\"1 2\"", "C=1 2")]
    [InlineData("'A=x y'", "A=x y")]
    [InlineData("A='it\"s'", "A=it\"s")]
    [InlineData("A=\"it's\"", "A=it's")]
    [InlineData("A=x\"y z\"w", "A=xy zw")]
    [InlineData("A=\"\"", "A=")]
    [InlineData("A=a=b", "A=a=b")]
    [InlineData("A=1 A=2", "A=1|A=2")]
    [InlineData("_x=1", "_x=1")]
    [InlineData("a9_Z=1", "a9_Z=1")]
    [InlineData("A=a\\nb", "A=a\nb")]
    [InlineData("A=a\\tb", "A=a\tb")]
    [InlineData("A=a\\\\b", "A=a\\b")]
    [InlineData("A=\\\"q\\\"", "A=\"q\"")]
    [InlineData("A=\\'", "A='")]
    [InlineData("A=a\\sb", "A=a b")]
    [InlineData("A=\\x41", "A=A")]
    [InlineData("A=\\xc3\\xa9", "A=\u00e9")]
    [InlineData("A=\\101", "A=A")]
    [InlineData("A=\\u00e9", "A=\u00e9")]
    [InlineData("A=\\U0001F600", "A=\U0001F600")]
    [InlineData("A=\\a\\b\\f\\r\\v", "A=\a\b\f\r\v")]
    [InlineData("A=\"x\\ty\"", "A=x\ty")]
    [InlineData("A='x\\ty'", "A=x\ty")]
    [InlineData("A=\u00e9\U0001F600", "A=\u00e9\U0001F600")]
    [InlineData("A=$HOME", "A=$HOME")]
    public void Words_become_assignments_in_order(string value, string expected)
    {
        var actual = string.Join('|', EnvironmentAssignments.Parse(value).Select(pair => pair.Key + "=" + pair.Value));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("A", "invalid environment assignment \"A\"")]
    [InlineData("A=1 B", "invalid environment assignment \"B\"")]
    [InlineData("=1", "invalid environment assignment \"=1\"")]
    [InlineData("1A=1", "invalid environment assignment \"1A=1\"")]
    [InlineData("A-B=1", "invalid environment assignment \"A-B=1\"")]
    [InlineData("A.B=1", "invalid environment assignment \"A.B=1\"")]
    [InlineData("\u00c4=1", "invalid environment assignment \"\u00c4=1\"")]
    [InlineData("\"A =1\"", "invalid environment assignment \"A =1\"")]
    [InlineData("\"\"", "invalid environment assignment \"\"")]
    [InlineData("A=\"x", "invalid environment assignment \"A=\\\"x\": unbalanced quotes")]
    [InlineData("A='x", "invalid environment assignment \"A='x\": unbalanced quotes")]
    [InlineData("\"A=x y B=z", "invalid environment assignment \"\\\"A=x y B=z\": unbalanced quotes")]
    [InlineData("A=x\\", "invalid environment assignment \"A=x\\\\\": trailing backslash")]
    [InlineData("A=a\\ b", "invalid environment assignment \"A=a\\\\ b\": invalid escape \"\\ \"")]
    [InlineData("A=\\q", "invalid environment assignment \"A=\\\\q\": invalid escape \"\\q\"")]
    [InlineData("A=\\x4", "invalid environment assignment \"A=\\\\x4\": invalid escape \"\\x4\"")]
    [InlineData("A=\\xzz", "invalid environment assignment \"A=\\\\xzz\": invalid escape \"\\xzz\"")]
    [InlineData("A=\\x00", "invalid environment assignment \"A=\\\\x00\": invalid escape \"\\x00\"")]
    [InlineData("A=\\000", "invalid environment assignment \"A=\\\\000\": invalid escape \"\\000\"")]
    [InlineData("A=\\777", "invalid environment assignment \"A=\\\\777\": invalid escape \"\\777\"")]
    [InlineData("A=\\1", "invalid environment assignment \"A=\\\\1\": invalid escape \"\\1\"")]
    [InlineData("A=\\ud800", "invalid environment assignment \"A=\\\\ud800\": invalid escape \"\\ud800\"")]
    [InlineData("A=\\xff", "invalid environment assignment \"A=\\\\xff\": escapes do not form valid UTF-8")]
    public void Bad_words_and_bad_quoting_are_rejected(string value, string expected)
    {
        var e = Assert.Throws<UnitValueException>(() => EnvironmentAssignments.Parse(value));
        Assert.Equal(expected, e.Message);
    }
}
