using Flotilla.Confd.Toml;

namespace Flotilla.Confd.Tests.Toml;

public class TomlReaderTests
{
    [Fact]
    public void Reads_a_confd_resource_with_every_value_kind()
    {
        var table = TomlReader.Parse("app.toml", """
            # a comment
            [template]
            src = "app.tmpl"   # trailing comment
            dest = '/etc/app.conf'
            keys = [
              "/app",
              "/db", # comment inside
            ]
            uid = 1_000
            gid = -1
            hex = 0x1f
            enabled = true
            ratio = 0.5
            reload_cmd = "echo \"reloaded\"\t\u00e9"
            """);

        var template = Assert.IsType<TomlTable>(Assert.Single(table.Keys.Select(k => table.TryGet(k, out var v) ? v : null)));
        Assert.True(template.TryGet("src", out var src));
        Assert.Equal("app.tmpl", src);
        Assert.True(template.TryGet("DEST", out var dest));
        Assert.Equal("/etc/app.conf", dest);
        Assert.True(template.TryGet("keys", out var keys));
        Assert.Equal(new object[] { "/app", "/db" }, Assert.IsType<List<object>>(keys));
        Assert.True(template.TryGet("uid", out var uid));
        Assert.Equal(1000L, uid);
        Assert.True(template.TryGet("gid", out var gid));
        Assert.Equal(-1L, gid);
        Assert.True(template.TryGet("hex", out var hex));
        Assert.Equal(31L, hex);
        Assert.True(template.TryGet("enabled", out var enabled));
        Assert.Equal(true, enabled);
        Assert.True(template.TryGet("ratio", out var ratio));
        Assert.Equal(0.5, ratio);
        Assert.True(template.TryGet("reload_cmd", out var reload));
        Assert.Equal("echo \"reloaded\"\té", reload);
        Assert.Equal(3, template.LineOf("src"));
    }

    [Fact]
    public void Reads_multi_line_strings_and_dotted_tables()
    {
        var table = TomlReader.Parse("x.toml", "[a.b]\ncmd = \"\"\"\nline one\nline two\"\"\"\nraw = '''C:\\path'''\nafter = 1\n");

        Assert.True(table.TryGet("a", out var a));
        Assert.True(((TomlTable)a).TryGet("b", out var b));
        var inner = (TomlTable)b;
        Assert.True(inner.TryGet("cmd", out var cmd));
        Assert.Equal("line one\nline two", cmd);
        Assert.True(inner.TryGet("raw", out var raw));
        Assert.Equal("C:\\path", raw);
        Assert.Equal(6, inner.LineOf("after"));
    }

    [Theory]
    [InlineData("[template]\nsrc = app.tmpl\n", 2, "\"app.tmpl\" is not a value (strings need quotes)")]
    [InlineData("[template]\n\nsrc = \"unterminated\n", 3, "unterminated string")]
    [InlineData("[template]\nsrc = \"a\"\nsrc = \"b\"\n", 3, "key \"src\" is set twice")]
    [InlineData("[template]\nkeys = [\"/a\" \"/b\"]\n", 2, "expected ',' or ']' in an array, found '\"'")]
    [InlineData("[template\n", 1, "expected ']', found '\n'")]
    [InlineData("[template]\nsrc = \"a\" extra\n", 2, "unexpected 'e' after a value (one key = value per line)")]
    [InlineData("[a]\n[a]\n", 2, "table [a] is defined twice")]
    [InlineData("x = {a = 1}\n", 1, "inline tables ({...}) are not supported")]
    public void Errors_name_the_file_and_line(string text, int line, string problem)
    {
        var error = Assert.Throws<TomlException>(() => TomlReader.Parse("conf.d/app.toml", text));

        Assert.Equal(line, error.Line);
        Assert.Equal(problem, error.Problem);
        Assert.Equal($"conf.d/app.toml:{line}: {problem}", error.Message);
    }
}
