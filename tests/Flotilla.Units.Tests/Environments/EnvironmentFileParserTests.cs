using Flotilla.Units.Environments;

namespace Flotilla.Units.Tests.Environments;

public class EnvironmentFileParserTests
{
    private static string Read(string content) =>
        string.Join('|', EnvironmentFileParser.Parse(content).Select(pair => pair.Key + "=" + pair.Value));

    [Theory]
    [InlineData("", "")]
    [InlineData("\n\n  \n", "")]
    [InlineData("A=1", "A=1")]
    [InlineData("A=1\n", "A=1")]
    [InlineData("A=1\nB=2\n", "A=1|B=2")]
    [InlineData("A=1\r\nB=2\r\n", "A=1|B=2")]
    [InlineData("A=1\rB=2", "A=1|B=2")]
    [InlineData("A=", "A=")]
    [InlineData("A=\nB=2", "A=|B=2")]
    [InlineData("  A  =  1  ", "A=1")]
    [InlineData("\tA\t=\tx y\t", "A=x y")]
    [InlineData("export A=1", "A=1")]
    [InlineData("export\tA = 1", "A=1")]
    [InlineData("exportA=1", "exportA=1")]
    [InlineData("export=1", "export=1")]
    [InlineData("export =1", "export=1")]
    [InlineData("export export=1", "export=1")]
    [InlineData("# comment\nA=1", "A=1")]
    [InlineData("; comment\nA=1", "A=1")]
    [InlineData("   # indented comment\nA=1", "A=1")]
    [InlineData("# comment ending in a backslash \\\nA=1", "A=1")]
    [InlineData("A=x # not a comment", "A=x # not a comment")]
    [InlineData("A=x;y", "A=x;y")]
    [InlineData("A=1\nA=2", "A=1|A=2")]
    // Unquoted values.
    [InlineData("A=a\\ b", "A=a b")]
    [InlineData("A=a\\\\b", "A=a\\b")]
    [InlineData("A=a\\nb", "A=anb")]
    [InlineData("A=x\\ ", "A=x ")]
    [InlineData("A=one \\\ntwo", "A=one two")]
    [InlineData("A=one\\\n  two\nB=3", "A=one  two|B=3")]
    [InlineData("A=x\\", "A=x")]
    [InlineData("A=x \"y\"", "A=x \"y\"")]
    [InlineData("A=it's", "A=it's")]
    [InlineData("A=$HOME/x", "A=$HOME/x")]
    [InlineData("A=a=b", "A=a=b")]
    // Single quotes are literal.
    [InlineData("A='x  y'", "A=x  y")]
    [InlineData("A='\\n$x\"'", "A=\\n$x\"")]
    [InlineData("A='a\nb'", "A=a\nb")]
    [InlineData("A='a\r\nb'", "A=a\nb")]
    [InlineData("A='  '", "A=  ")]
    // Double quotes.
    [InlineData("A=\"x  y\"", "A=x  y")]
    [InlineData("A=\"a\\\"b\"", "A=a\"b")]
    [InlineData("A=\"a\\\\b\"", "A=a\\b")]
    [InlineData("A=\"\\$HOME\"", "A=$HOME")]
    [InlineData("A=\"\\`x\\`\"", "A=`x`")]
    [InlineData("A=\"a\\nb\"", "A=a\\nb")]
    [InlineData("A=\"a\\qb\"", "A=a\\qb")]
    [InlineData("A=\"one\ntwo\"\nB=2", "A=one\ntwo|B=2")]
    [InlineData("A=\"one\\\ntwo\"", "A=onetwo")]
    [InlineData("A=\"it's\"", "A=it's")]
    [InlineData("A=\"\"", "A=")]
    // After a closing quote, systemd skips blanks and joins whatever follows.
    [InlineData("A=\"x\"y", "A=xy")]
    [InlineData("A=\"x\" 'y'", "A=xy")]
    [InlineData("A=\"x\"   ", "A=x")]
    [InlineData("A=  \"x \"  \nB=1", "A=x |B=1")]
    public void Assignments_are_read_like_systemd(string content, string expected)
    {
        Assert.Equal(expected, Read(content));
    }

    [Theory]
    [InlineData("A", 1, "line 1: invalid assignment \"A\"")]
    [InlineData("A=1\nB\nC=3", 2, "line 2: invalid assignment \"B\"")]
    [InlineData("A=1\r\nnot an assignment\r\n", 2, "line 2: invalid assignment \"not an assignment\"")]
    [InlineData("\n\n   1A=1", 3, "line 3: invalid assignment \"1A=1\"")]
    [InlineData("A-B=1", 1, "line 1: invalid assignment \"A-B=1\"")]
    [InlineData("A B=1", 1, "line 1: invalid assignment \"A B=1\"")]
    [InlineData("=1", 1, "line 1: invalid assignment \"=1\"")]
    [InlineData("A=\"x\ny\"\nB\n", 3, "line 3: invalid assignment \"B\"")]
    [InlineData("A=x\\\nB\nC", 3, "line 3: invalid assignment \"C\"")]
    [InlineData("# c\nA=\"open\nB=1\n", 2, "line 2: invalid assignment \"A=\\\"open\": missing closing quote")]
    [InlineData("A='open", 1, "line 1: invalid assignment \"A='open\": missing closing quote")]
    [InlineData("A=\"x\\", 1, "line 1: invalid assignment \"A=\\\"x\\\\\": missing closing quote")]
    public void Bad_lines_throw_with_their_line_number(string content, int line, string expected)
    {
        var e = Assert.Throws<EnvironmentFileException>(() => EnvironmentFileParser.Parse(content));
        Assert.Equal(line, e.Line);
        Assert.Equal(expected, e.Message);
    }
}
