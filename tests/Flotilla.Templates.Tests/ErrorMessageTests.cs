using static Flotilla.Templates.Tests.TemplateRendering;

namespace Flotilla.Templates.Tests;

/// <summary>Parse and execution errors name the template, the line (and column) and read like Go's.</summary>
public sealed class ErrorMessageTests
{
    private static readonly Dictionary<string, TemplateFunction> Functions = new()
    {
        ["fail"] = new TemplateFunction(string (string text) => throw new TemplateFunctionException("it broke: " + text)),
        ["upper"] = new TemplateFunction((string s) => s.ToUpperInvariant()),
        ["join"] = new TemplateFunction((string[] items, string separator) => string.Join(separator, items)),
        ["count"] = new TemplateFunction((long n) => n),
        ["first"] = new TemplateFunction((string head, params string[] rest) => head + rest.Length),
    };

    [Theory]
    [InlineData("{{.x", "template: t:1: unclosed action")]
    [InlineData("{{", "template: t:1: unclosed action")]
    [InlineData("{{if\n\n", "template: t:3: unclosed action started at t:1")]
    [InlineData("{{\"a\n\"}}", "template: t:1: unterminated quoted string")]
    [InlineData("{{if .x}}a", "template: t:1: unexpected EOF")]
    [InlineData("a\n{{end}}", "template: t:2: unexpected {{end}}")]
    [InlineData("{{else}}", "template: t:1: unexpected {{else}}")]
    [InlineData("{{nope}}", "template: t:1: function \"nope\" not defined")]
    [InlineData("{{$x}}", "template: t:1: undefined variable \"$x\"")]
    [InlineData("{{if}}{{end}}", "template: t:1: missing value for if")]
    [InlineData("{{}}", "template: t:1: missing value for command")]
    [InlineData("{{.x | 3}}", "template: t:1: non executable command in pipeline stage 2")]
    [InlineData("{{/* x", "template: t:1: unclosed comment")]
    [InlineData("{{/* x */ .}}", "template: t:1: comment ends before closing delimiter")]
    [InlineData("{{\"abc}}", "template: t:1: unterminated quoted string")]
    [InlineData("{{`abc}}", "template: t:1: unterminated raw quoted string")]
    [InlineData("{{(.x}}", "template: t:1: unclosed left paren")]
    [InlineData("{{3x}}", "template: t:1: bad number syntax: \"3x\"")]
    [InlineData("{{.x#}}", "template: t:1: bad character U+0023 '#'")]
    [InlineData("{{.x ^}}", "template: t:1: unexpected \"^\" in operand")]
    [InlineData("{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}", "template: t:1: template: multiple definition of template \"a\"")]
    [InlineData("{{range $i, $e, $f := .}}{{end}}", "template: t:1: too many declarations in range")]
    [InlineData("{{with $x, $y := .}}{{end}}", "template: t:1: too many declarations in with")]
    [InlineData("{{break}}", "template: t:1: {{break}} outside {{range}}")]
    [InlineData("{{continue}}", "template: t:1: {{continue}} outside {{range}}")]
    [InlineData("{{range .}}{{break 1}}{{end}}", "template: t:1: unexpected \"1\" in {{break}}")]
    [InlineData("{{if .x}}{{else}}{{else}}{{end}}", "template: t:1: expected end; found {{else}}")]
    [InlineData("{{template .x}}", "template: t:1: unexpected \".x\" in template clause")]
    [InlineData("{{define x}}{{end}}", "template: t:1: unexpected \"x\" in define clause")]
    [InlineData("{{\"a\".b}}", "template: t:1: unexpected . after term \"\\\"a\\\"\"")]
    [InlineData("{{08}}", "template: t:1: integer overflow: \"08\"")]
    [InlineData("{{99999999999999999999}}", "template: t:1: integer overflow: \"99999999999999999999\"")]
    [InlineData("{{printf \"%d\" (1}}", "template: t:1: unclosed left paren")]
    [InlineData("x\ny\n{{if 1}}\n{{nope}}{{end}}", "template: t:4: function \"nope\" not defined")]
    public void Parse_errors(string text, string expected) => Assert.Equal(expected, ParseError(text, Functions));

    [Fact]
    public void Parse_errors_expose_the_place()
    {
        var error = Assert.Throws<TemplateParseException>(() => GoTemplate.Parse("page.tmpl", "ok\n  {{nope}}", Functions));
        Assert.Equal("page.tmpl", error.TemplateName);
        Assert.Equal(2, error.Line);
        Assert.Equal(4, error.Column);
        Assert.Equal("template: page.tmpl:2: function \"nope\" not defined", error.Message);
    }

    [Theory]
    [InlineData("{{.x.y}}", "template: t:1:4: executing \"t\" at <.x.y>: can't evaluate field y in type interface {}")]
    [InlineData("{{$v := .x}}{{$v.y}}", "template: t:1:16: executing \"t\" at <$v.y>: can't evaluate field y in type string")]
    [InlineData("a\n  {{template \"nope\"}}", "template: t:2:13: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined")]
    [InlineData("{{nil}}", "template: t:1:2: executing \"t\" at <nil>: nil is not a command")]
    [InlineData("{{. 3}}", "template: t:1:2: executing \"t\" at <.>: can't give argument to non-function .")]
    [InlineData("{{range 3.5}}{{end}}", "template: t:1:8: executing \"t\" at <3.5>: range can't iterate over 3.5")]
    [InlineData("{{range $i, $e := 3}}{{end}}", "template: t:1:18: executing \"t\" at <3>: can't use 3 to iterate over more than one variable")]
    [InlineData("{{$x = 1}}", "template: t:1:7: executing \"t\" at <1>: undefined variable: $x")]
    [InlineData("{{fail \"x\"}}", "template: t:1:2: executing \"t\" at <fail \"x\">: error calling fail: it broke: x")]
    [InlineData("{{upper}}", "template: t:1:2: executing \"t\" at <upper>: wrong number of args for upper: want 1 got 0")]
    [InlineData("{{upper \"a\" \"b\"}}", "template: t:1:2: executing \"t\" at <upper>: wrong number of args for upper: want 1 got 2")]
    [InlineData("{{first}}", "template: t:1:2: executing \"t\" at <first>: wrong number of args for first: want at least 1 got 0")]
    [InlineData("{{upper 3}}", "template: t:1:8: executing \"t\" at <3>: expected string; found 3")]
    [InlineData("{{count \"a\"}}", "template: t:1:8: executing \"t\" at <\"a\">: expected integer; found \"a\"")]
    [InlineData("{{upper .missing}}", "template: t:1:8: executing \"t\" at <.missing>: invalid value; expected string")]
    [InlineData("{{upper .n}}", "template: t:1:8: executing \"t\" at <.n>: wrong type for value; expected string; got int")]
    [InlineData("{{join .anys \",\"}}", "template: t:1:7: executing \"t\" at <.anys>: wrong type for value; expected []string; got []interface {}")]
    [InlineData("{{.n | upper}}", "template: t:1:7: executing \"t\" at <upper>: wrong type for value; expected string; got int")]
    [InlineData("{{.m.k.deeper}}", "template: t:1:4: executing \"t\" at <.m.k.deeper>: nil pointer evaluating interface {}.deeper")]
    [InlineData("{{.m.s.x}}", "template: t:1:4: executing \"t\" at <.m.s.x>: can't evaluate field x in type interface {}")]
    [InlineData("{{range .anys}}{{.x}}{{end}}", "template: t:1:17: executing \"t\" at <.x>: can't evaluate field x in type interface {}")]
    [InlineData("{{range $e := .anys}}{{$e.x}}{{end}}", "template: t:1:25: executing \"t\" at <$e.x>: can't evaluate field x in type interface {}")]
    [InlineData("{{range .strings}}{{.x}}{{end}}", "template: t:1:20: executing \"t\" at <.x>: can't evaluate field x in type string")]
    [InlineData("{{with .x}}{{.y}}{{end}}", "template: t:1:13: executing \"t\" at <.y>: can't evaluate field y in type string")]
    [InlineData("{{.m.k 1}}", "template: t:1:4: executing \"t\" at <.m.k>: k is not a method but has arguments")]
    [InlineData("{{define \"T\"}}{{.nope.x}}{{len 1}}{{end}}{{template \"T\" .}}", "template: t:1:27: executing \"T\" at <len 1>: error calling len: len of type int")]
    [InlineData("{{1 | upper}}", "template: t:1:6: executing \"t\" at <upper>: wrong type for value; expected string; got int")]
    public void Execution_errors(string text, string expected)
    {
        var data = new Dictionary<string, object?>
        {
            ["x"] = "str",
            ["n"] = 1L,
            ["anys"] = new object?[] { "a" },
            ["strings"] = new[] { "a" },
            ["m"] = new Dictionary<string, object?> { ["k"] = null, ["s"] = "text" },
        };
        Assert.Equal(expected, ExecutionError(text, data, Functions));
    }

    [Fact]
    public void Execution_errors_expose_the_place()
    {
        var template = GoTemplate.Parse("page.tmpl", "line one\nx={{fail \"y\"}}", Functions);
        var error = Assert.Throws<TemplateExecutionException>(() => template.Render(null));
        Assert.Equal((2, 4), (error.Line, error.Column));
        Assert.Equal("page.tmpl", error.TemplateName);
    }

    [Fact]
    public void Executing_an_unknown_name_is_an_error()
    {
        var template = GoTemplate.Parse("t", "x");
        var error = Assert.Throws<TemplateExecutionException>(() => template.ExecuteTemplate(TextWriter.Null, "other", null));
        Assert.Equal("template: no template \"other\" associated with template \"t\"", error.Message);
    }

    [Fact]
    public void Runaway_recursion_stops_at_the_depth_limit()
    {
        var message = ExecutionError("{{define \"r\"}}{{template \"r\" .}}{{end}}{{template \"r\" .}}");
        Assert.EndsWith($"exceeded maximum template depth ({1000})", message);
    }

    [Fact]
    public void Functions_receive_variadic_arguments_and_typed_slices()
    {
        Assert.Equal("a2", Render("{{first \"a\" \"b\" \"c\"}}", functions: Functions));
        Assert.Equal("x;y", Render("{{join .list \";\"}}", new Dictionary<string, object?> { ["list"] = new[] { "x", "y" } }, Functions));
    }
}
