using static Flotilla.Templates.Tests.TemplateRendering;

namespace Flotilla.Templates.Tests;

/// <summary>Go's predefined functions and their errors.</summary>
public sealed class BuiltinTests
{
    private static Dictionary<string, object?> Data() => new()
    {
        ["list"] = new[] { "a", "b", "c" },
        ["m"] = new Dictionary<string, object?> { ["k"] = "v" },
        ["add"] = new TemplateFunction((long a, long b) => a + b),
    };

    [Theory]
    [InlineData("{{and 1 0 2}}", "0")]
    [InlineData("{{and 1 2}}", "2")]
    [InlineData("{{or 0 \"\" \"x\"}}", "x")]
    [InlineData("[{{or 0 \"\"}}]", "[]")]
    [InlineData("{{or 1 (index .list 99)}}", "1")]
    [InlineData("{{and 0 (index .list 99)}}", "0")]
    [InlineData("{{not 0}} {{not \"x\"}} {{not .missing}}", "true false true")]
    public void And_or_not_return_operands_and_short_circuit(string text, string expected) =>
        Assert.Equal(expected, Render(text, Data()));

    [Theory]
    [InlineData("{{len \"héllo\"}}", "6")]
    [InlineData("{{len .list}} {{len .m}}", "3 1")]
    [InlineData("{{index \"abc\" 1}}", "98")]
    [InlineData("{{index .list 2}}", "c")]
    [InlineData("{{index .m \"k\"}}", "v")]
    [InlineData("{{slice \"abcdef\" 1 3}}", "bc")]
    [InlineData("{{slice .list 1}}", "[b c]")]
    [InlineData("{{slice .list}}", "[a b c]")]
    [InlineData("{{slice .list 0 1 2}}", "[a]")]
    public void Len_index_and_slice(string text, string expected) => Assert.Equal(expected, Render(text, Data()));

    [Theory]
    [InlineData("{{eq 1 2 3 1}}", "true")]
    [InlineData("{{eq \"a\" \"a\"}} {{eq \"a\" \"b\"}}", "true false")]
    [InlineData("{{ne 1 2}} {{ne \"a\" \"a\"}}", "true false")]
    [InlineData("{{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1.5 2.5}}", "true true true false")]
    [InlineData("{{eq .missing \"x\"}}", "false")]
    [InlineData("{{eq true true}}", "true")]
    public void Comparisons(string text, string expected) => Assert.Equal(expected, Render(text, Data()));

    [Theory]
    [InlineData("{{print 1 2 \"a\" \"b\" 3}}", "1 2ab3")]
    [InlineData("{{println 1 \"a\" 2}}", "1 a 2\n")]
    [InlineData("{{print .missing}}", "<nil>")]
    [InlineData("{{print nil}}", "<nil>")]
    public void Print_and_println_space_like_fmt(string text, string expected) => Assert.Equal(expected, Render(text, Data()));

    [Fact]
    public void Html_js_and_urlquery_escape_like_go()
    {
        Assert.Equal("&lt;a href=&#34;x&#34;&gt;&amp;&#39;", Render("{{html \"<a href=\\\"x\\\">&'\"}}"));
        Assert.Equal("a\\'b\\\"\\u003C\\u003E\\u0026\\u003D\\u000A", Render("{{js \"a'b\\\"<>&=\\n\"}}"));
        Assert.Equal("a+b%26c%3Dd%2F%C3%A9", Render("{{urlquery \"a b&c=d/é\"}}"));
        Assert.Equal("1+2", Render("{{urlquery 1 2}}"));
    }

    [Fact]
    public void Call_invokes_a_function_value() => Assert.Equal("5", Render("{{call .add 2 3}}", Data()));

    [Theory]
    [InlineData("{{len 3}}", "template: t:1:2: executing \"t\" at <len 3>: error calling len: len of type int")]
    [InlineData("{{len .missing}}", "template: t:1:2: executing \"t\" at <len .missing>: error calling len: reflect: call of reflect.Value.Type on zero Value")]
    [InlineData("{{index .list 5}}", "template: t:1:2: executing \"t\" at <index .list 5>: error calling index: index out of range: 5")]
    [InlineData("{{index .list \"x\"}}", "template: t:1:2: executing \"t\" at <index .list \"x\">: error calling index: cannot index slice/array with type string")]
    [InlineData("{{index 3 1}}", "template: t:1:2: executing \"t\" at <index 3 1>: error calling index: can't index item of type int")]
    [InlineData("{{index .missing 1}}", "template: t:1:2: executing \"t\" at <index .missing 1>: error calling index: index of untyped nil")]
    [InlineData("{{slice \"abc\" 2 1}}", "template: t:1:2: executing \"t\" at <slice \"abc\" 2 1>: error calling slice: invalid slice index: 2 > 1")]
    [InlineData("{{slice \"abc\" 0 1 2}}", "template: t:1:2: executing \"t\" at <slice \"abc\" 0 1 2>: error calling slice: cannot 3-index slice a string")]
    [InlineData("{{lt 1 \"a\"}}", "template: t:1:2: executing \"t\" at <lt 1 \"a\">: error calling lt: incompatible types for comparison")]
    [InlineData("{{eq 1 1.0}}", "template: t:1:2: executing \"t\" at <eq 1 1.0>: error calling eq: incompatible types for comparison")]
    [InlineData("{{lt true false}}", "template: t:1:2: executing \"t\" at <lt true false>: error calling lt: invalid type for comparison")]
    [InlineData("{{lt .list 1}}", "template: t:1:2: executing \"t\" at <lt .list 1>: error calling lt: invalid type for comparison")]
    [InlineData("{{eq 1}}", "template: t:1:2: executing \"t\" at <eq 1>: error calling eq: missing argument for comparison")]
    [InlineData("{{not}}", "template: t:1:2: executing \"t\" at <not>: wrong number of args for not: want 1 got 0")]
    [InlineData("{{lt 1 2 3}}", "template: t:1:2: executing \"t\" at <lt>: wrong number of args for lt: want 2 got 3")]
    [InlineData("{{index}}", "template: t:1:2: executing \"t\" at <index>: wrong number of args for index: want at least 1 got 0")]
    [InlineData("{{printf 3}}", "template: t:1:9: executing \"t\" at <3>: expected string; found 3")]
    [InlineData("{{call .list}}", "template: t:1:2: executing \"t\" at <call .list>: error calling call: non-function .list of type []string")]
    [InlineData("{{call .missing}}", "template: t:1:2: executing \"t\" at <call .missing>: error calling call: call of nil")]
    [InlineData("{{call .add 1}}", "template: t:1:2: executing \"t\" at <call .add 1>: error calling call: wrong number of args for .add: got 1 want 2")]
    [InlineData("{{call .add 1 \"x\"}}", "template: t:1:2: executing \"t\" at <call .add 1 \"x\">: error calling call: arg 1: value has type string; should be int")]
    public void Builtin_errors_carry_go_messages(string text, string expected) => Assert.Equal(expected, ExecutionError(text, Data()));
}
