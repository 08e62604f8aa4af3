using Flotilla.Units.Diagnostics;
using Flotilla.Units.Syntax;

namespace Flotilla.Units.Tests.Syntax;

public class UnitFileParserTests
{
    private static IReadOnlyList<UnitOption> Options(string text) => UnitFileParser.Parse("t.service", text).Options;

    private static List<UnitDiagnostic> Errors(string text)
    {
        var diagnostics = new List<UnitDiagnostic>();
        UnitFileParser.Parse("t.service", text, diagnostics);
        return diagnostics;
    }

    [Theory]
    [InlineData("[Service]\nExecStart=/bin/true\n", "Service", "ExecStart", "/bin/true")]
    [InlineData("[Service]\n  ExecStart  =   /bin/true   \n", "Service", "ExecStart", "/bin/true")]
    [InlineData("[Service]\r\nExecStart=/bin/true\r\n", "Service", "ExecStart", "/bin/true")]
    [InlineData("[Service]\nExecStart=/bin/echo a=b\n", "Service", "ExecStart", "/bin/echo a=b")]
    [InlineData("[Service]\nExecStart=/bin/echo # not a comment\n", "Service", "ExecStart", "/bin/echo # not a comment")]
    [InlineData("[Unit]\nDescription=\n", "Unit", "Description", "")]
    [InlineData("\uFEFF[Unit]\nDescription=bom\n", "Unit", "Description", "bom")]
    [InlineData("[X-Fleet]\nMachineMetadata=region=eu\n", "X-Fleet", "MachineMetadata", "region=eu")]
    [InlineData("[Service]\nExecStart=/bin/true", "Service", "ExecStart", "/bin/true")]
    [InlineData("  [Service]  \nExecStart=/bin/true\n", "Service", "ExecStart", "/bin/true")]
    public void Reads_one_assignment(string text, string section, string name, string value)
    {
        var option = Assert.Single(Options(text));
        Assert.Equal(new UnitOption(section, name, value, option.Line), option);
    }

    [Theory]
    [InlineData("# comment\n[Unit]\nDescription=x\n")]
    [InlineData("; comment\n[Unit]\nDescription=x\n")]
    [InlineData("   # indented comment\n[Unit]\nDescription=x\n")]
    [InlineData("\n\n[Unit]\n\n\nDescription=x\n\n")]
    [InlineData("[Unit]\n;Description=y\nDescription=x\n")]
    public void Skips_comments_and_blank_lines(string text)
    {
        var option = Assert.Single(Options(text));
        Assert.Equal("x", option.Value);
    }

    [Theory]
    [InlineData("[Service]\nExecStart=/bin/echo \\\n  hello\n", "/bin/echo    hello")]
    [InlineData("[Service]\nExecStart=/bin/echo\\\nhello\n", "/bin/echo hello")]
    [InlineData("[Service]\nExecStart=/bin/echo \\\n# skipped comment\nhello\n", "/bin/echo  hello")]
    [InlineData("[Service]\nExecStart=/bin/echo \\\r\nhello\r\n", "/bin/echo  hello")]
    [InlineData("[Service]\nExecStart=a\\\nb\\\nc\n", "a b c")]
    [InlineData("[Service]\nExecStart=/bin/echo \\\\\n", "/bin/echo \\\\")]
    [InlineData("[Service]\nExecStart=/bin/echo \\\\\\\nx\n", "/bin/echo \\\\ x")]
    [InlineData("[Service]\nExecStart=/bin/echo \\\n", "/bin/echo")]
    [InlineData("[Service]\nExecStart=/bin/echo \\ \nnext=1\n", "/bin/echo \\")]
    public void Joins_continuation_lines(string text, string value)
    {
        Assert.Equal(value, Options(text)[0].Value);
    }

    [Fact]
    public void Continuation_reports_the_line_where_the_assignment_starts()
    {
        var options = Options("[Service]\nExecStart=a \\\nb\nType=simple\n");
        Assert.Equal(2, options[0].Line);
        Assert.Equal(4, options[1].Line);
    }

    [Fact]
    public void Keeps_repeated_keys_and_sections_in_file_order()
    {
        var options = Options("[Unit]\nDescription=a\n[Service]\nExecStartPre=/bin/a\n[Unit]\nAfter=x\n[Service]\nExecStartPre=/bin/b\n");
        Assert.Equal(
            ["Unit/Description=a", "Service/ExecStartPre=/bin/a", "Unit/After=x", "Service/ExecStartPre=/bin/b"],
            options.Select(o => $"{o.Section}/{o.Name}={o.Value}"));
    }

    [Fact]
    public void Names_are_case_sensitive()
    {
        var file = UnitFileParser.Parse("t.service", "[service]\nexecstart=/bin/true\n");
        Assert.Null(file.Last("Service", "ExecStart"));
        Assert.NotNull(file.Last("service", "execstart"));
    }

    [Theory]
    [InlineData("Description=x\n", 1, "Description: assignment outside of any section")]
    [InlineData("[Unit]\nDescription\n", 2, "missing '=' in \"Description\"")]
    [InlineData("[Unit\n", 1, "invalid section header \"[Unit\"")]
    [InlineData("[]\n", 1, "invalid section header \"[]\"")]
    [InlineData("[Unit]\n=x\n", 2, "missing key name before '=' in \"=x\"")]
    [InlineData("[Unit]\nDescrip tion=x\n", 2, "invalid key name \"Descrip tion\"")]
    [InlineData("[Unit]\nDescription=a\n\n\nbroken\n", 5, "missing '=' in \"broken\"")]
    [InlineData("[Unit]\r\nDescription=a\r\nbroken\r\n", 3, "missing '=' in \"broken\"")]
    public void Reports_errors_with_line_numbers(string text, int line, string message)
    {
        var error = Assert.Single(Errors(text));
        Assert.Equal(line, error.Line);
        Assert.Equal(message, error.Message);
        Assert.Equal("t.service", error.File);
    }

    [Fact]
    public void Reports_every_error_not_just_the_first()
    {
        Assert.Equal(2, Errors("[Unit]\nbad one\nbad two\n").Count);
    }

    [Fact]
    public void Throwing_parse_names_file_and_line()
    {
        var error = Assert.Throws<UnitSyntaxException>(() => UnitFileParser.Parse("web.service", "[Unit]\nx\n"));
        Assert.Equal("web.service:2: missing '=' in \"x\"", error.Message);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void After_an_invalid_header_assignments_are_reported_not_stored()
    {
        var diagnostics = new List<UnitDiagnostic>();
        var file = UnitFileParser.Parse("t.service", "[Unit\nDescription=x\n", diagnostics);
        Assert.Empty(file.Options);
        Assert.Equal(2, diagnostics.Count);
    }

    [Theory]
    [InlineData("[Service]\nExecStartPre=/a\nExecStartPre=/b\n", new[] { "/a", "/b" })]
    [InlineData("[Service]\nExecStartPre=/a\nExecStartPre=\nExecStartPre=/b\n", new[] { "/b" })]
    [InlineData("[Service]\nExecStartPre=/a\nExecStartPre=\n", new string[0])]
    [InlineData("[Service]\nExecStartPre=\n[Service]\nExecStartPre=/c\n", new[] { "/c" })]
    public void List_keys_reset_on_empty_assignment(string text, string[] expected)
    {
        var file = UnitFileParser.Parse("t.service", text);
        Assert.Equal(expected, file.List("Service", "ExecStartPre").Select(o => o.Value));
    }

    [Fact]
    public void Single_value_keys_last_wins()
    {
        var file = UnitFileParser.Parse("t.service", "[Service]\nType=simple\nType=oneshot\n");
        Assert.Equal("oneshot", file.Last("Service", "Type")!.Value);
        Assert.Equal(2, file.All("Service", "Type").Count);
    }
}
