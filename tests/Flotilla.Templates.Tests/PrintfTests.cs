using static Flotilla.Templates.Tests.TemplateRendering;

namespace Flotilla.Templates.Tests;

/// <summary>printf verbs, flags, widths, precisions and fmt's in-band error markers.</summary>
public sealed class PrintfTests
{
    private static string Printf(string format, params object?[] arguments)
    {
        var data = new Dictionary<string, object?> { ["args"] = arguments };
        var call = "{{printf " + GoQuote(format) + string.Concat(Enumerable.Range(0, arguments.Length).Select(i => $" (index .args {i})")) + "}}";
        return Render(call, data);
    }

    private static string GoQuote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

    [Theory]
    [InlineData("%d", 42L, "42")]
    [InlineData("%5d|%-5d|%05d", 42L, "   42|42   |00042")]
    [InlineData("%x %X %o %O %b", 255L, "ff FF 377 0o377 11111111")]
    [InlineData("%#x %#X %#o %#b", 255L, "0xff 0XFF 0377 0b11111111")]
    [InlineData("%+d % d %d", 5L, "+5  5 5")]
    [InlineData("%d %x", -255L, "-255 -ff")]
    [InlineData("%06d", -42L, "-00042")]
    [InlineData("%.3d", 7L, "007")]
    [InlineData("%c %q %U %#U", 65L, "A 'A' U+0041 U+0041 'A'")]
    [InlineData("%v", 9223372036854775807L, "9223372036854775807")]
    public void Integer_verbs(string format, long value, string expected) =>
        Assert.Equal(expected, Printf(format, Repeat(value, format)));

    /// <summary>One copy of the value per verb in the format.</summary>
    private static object?[] Repeat(object? value, string format) => Enumerable.Repeat(value, format.Count(c => c == '%')).ToArray();

    [Theory]
    [InlineData("%f", 3.14159, "3.141590")]
    [InlineData("%.2f", 3.14159, "3.14")]
    [InlineData("%8.3f|", 3.14159, "   3.142|")]
    [InlineData("%-8.2f|", 3.14159, "3.14    |")]
    [InlineData("%08.2f", -3.14159, "-0003.14")]
    [InlineData("%+.1f", 2.25, "+2.2")]
    [InlineData("%e", 1234.5678, "1.234568e+03")]
    [InlineData("%E", 0.000012345, "1.234500E-05")]
    [InlineData("%g", 1234.5678, "1234.5678")]
    [InlineData("%.3g", 1234.5678, "1.23e+03")]
    [InlineData("%G", 1e-7, "1E-07")]
    [InlineData("%v", 1e6, "1e+06")]
    [InlineData("%v", 100000.0, "100000")]
    [InlineData("%v", 1e-5, "1e-05")]
    [InlineData("%v", 0.0001, "0.0001")]
    [InlineData("%v", 123456789.0, "1.23456789e+08")]
    [InlineData("%v", 8080.0, "8080")]
    [InlineData("%v", 0.1, "0.1")]
    [InlineData("%v", 0.0, "0")]
    [InlineData("%v", -2.5, "-2.5")]
    [InlineData("%.0f", 2.5, "2")]
    [InlineData("%.1e", 0.0, "0.0e+00")]
    [InlineData("%v", double.PositiveInfinity, "+Inf")]
    [InlineData("%v", double.NaN, "NaN")]
    [InlineData("%5.1f|", double.NegativeInfinity, " -Inf|")]
    [InlineData("%b", 1.0, "4503599627370496p-52")]
    [InlineData("%x", 1.0, "0x1p+00")]
    [InlineData("%x", 3.0, "0x1.8p+01")]
    [InlineData("%X", -3.0, "-0X1.8P+01")]
    [InlineData("%.2x", 1.0, "0x1.00p+00")]
    [InlineData("%x", 0.0, "0x0p+00")]
    [InlineData("%x", 1e300, "0x1.7e43c8800759cp+996")]
    [InlineData("%#g", 1.0, "1.00000")]
    [InlineData("%#.3g", 1.0, "1.00")]
    [InlineData("%#.0f", 1.0, "1.")]
    [InlineData("%#e", 1.0, "1.000000e+00")]
    [InlineData("%#v", 1.0, "1")]
    public void Float_verbs(string format, double value, string expected) => Assert.Equal(expected, Printf(format, value));

    [Theory]
    [InlineData("%s|%10s|%-10s|%.2s", "hello", "hello|     hello|hello     |he")]
    [InlineData("%q", "a\"b\n", "\"a\\\"b\\n\"")]
    [InlineData("%+q", "é", "\"\\u00e9\"")]
    [InlineData("%#q", "abc", "`abc`")]
    [InlineData("%x|% x|%X|%#x", "hi", "6869|68 69|6869|0x6869")]
    [InlineData("%v", "plain", "plain")]
    [InlineData("%#v", "q", "\"q\"")]
    [InlineData("%05s", "ab", "000ab")]
    public void String_verbs(string format, string value, string expected) =>
        Assert.Equal(expected, Printf(format, Repeat(value, format)));

    [Theory]
    [InlineData("%t %v", true, "true true")]
    [InlineData("%d", true, "%!d(bool=true)")]
    public void Bool_verbs(string format, bool value, string expected) =>
        Assert.Equal(expected, Printf(format, Repeat(value, format)));

    [Fact]
    public void Composite_values_print_like_go()
    {
        var data = new Dictionary<string, object?>
        {
            ["list"] = new[] { "a", "b" },
            ["numbers"] = new long[] { 1, 2 },
            ["m"] = new Dictionary<string, object?> { ["b"] = 1L, ["a"] = "x", ["n"] = new object?[] { 1.5, null } },
            ["kv"] = new Pair("/a", "1"),
        };
        Assert.Equal("[a b] [1 2] map[a:x b:1 n:[1.5 <nil>]]", Render("{{.list}} {{.numbers}} {{.m}}", data));
        Assert.Equal("{/a 1} {Key:/a Value:1}", Render("{{.kv}} {{printf \"%+v\" .kv}}", data));
        Assert.Equal("memkv.KVPair{Key:\"/a\", Value:\"1\"} []string{\"a\", \"b\"}", Render("{{printf \"%#v %#v\" .kv .list}}", data));
        Assert.Equal("[]string []int map[string]interface {} memkv.KVPair", Render("{{printf \"%T %T %T %T\" .list .numbers .m .kv}}", data));
        Assert.Equal("[%!d(string=a) %!d(string=b)] [01 02]", Render("{{printf \"%d %02d\" .list .numbers}}", data));
        Assert.Equal("[\"a\" \"b\"]", Render("{{printf \"%q\" .list}}", data));
    }

    [Theory]
    [InlineData("{{printf \"%d\" \"x\"}}", "%!d(string=x)")]
    [InlineData("{{printf \"%s\" 5}}", "%!s(int=5)")]
    [InlineData("{{printf \"%5d\" \"x\"}}", "%!d(string=    x)")]
    [InlineData("{{printf \"%d\"}}", "%!d(MISSING)")]
    [InlineData("{{printf \"%d\" 1 2}}", "1%!(EXTRA int=2)")]
    [InlineData("{{printf \"x\" 1 \"a\"}}", "x%!(EXTRA int=1, string=a)")]
    [InlineData("{{printf \"%\"}}", "%!(NOVERB)")]
    [InlineData("{{printf \"%z\" 1}}", "%!z(int=1)")]
    [InlineData("{{printf \"%[2]d %[1]d\" 1 2}}", "2 1")]
    [InlineData("{{printf \"%[3]d\" 1}}", "%!d(BADINDEX)")]
    [InlineData("{{printf \"%*d|%-*d\" 5 42 4 7}}", "   42|7   ")]
    [InlineData("{{printf \"%*d\" \"x\" 42}}", "%!(BADWIDTH)42")]
    [InlineData("{{printf \"%.*f\" \"x\" 1.5}}", "%!(BADPREC)1.500000")]
    [InlineData("{{printf \"%s\" nil}}", "%!s(<nil>)")]
    [InlineData("{{printf \"%v|%T\" nil nil}}", "<nil>|<nil>")]
    [InlineData("{{printf \"100%%\"}}", "100%")]
    [InlineData("{{printf \"%s %s\" .missing 1}}", "%!s(<nil>) %!s(int=1)")]
    public void Bad_arguments_print_markers_instead_of_failing(string text, string expected) => Assert.Equal(expected, Render(text));

    [GoTypeName("memkv.KVPair")]
    private sealed record Pair(string Key, string Value);
}
