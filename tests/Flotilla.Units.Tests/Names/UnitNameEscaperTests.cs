using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Units.Tests.Names;

public class UnitNameEscaperTests
{
    [Theory]
    [InlineData("Hallöchen, Meister", "Hall\\xc3\\xb6chen\\x2c\\x20Meister")] // systemd-escape(1)
    [InlineData("My Container 1", "My\\x20Container\\x201")]                // systemd-escape(1), --template
    [InlineData("container/III", "container-III")]                          // systemd-escape(1), --template
    [InlineData("containerb", "containerb")]
    [InlineData("", "")]
    [InlineData("a-b", "a\\x2db")]
    [InlineData("a\\b", "a\\x5cb")]
    [InlineData("/tmp/x", "-tmp-x")]
    [InlineData(".hidden", "\\x2ehidden")]
    [InlineData("a.b", "a.b")]
    [InlineData("..", "\\x2e.")]
    [InlineData("Az09:_.", "Az09:_.")]
    [InlineData("a@b", "a\\x40b")]
    [InlineData("%", "\\x25")]
    [InlineData("tab\there", "tab\\x09here")]
    [InlineData("😀", "\\xf0\\x9f\\x98\\x80")]
    public void Escape_follows_systemd_escape(string text, string expected)
    {
        Assert.Equal(expected, UnitNameEscaper.Escape(text));
    }

    [Theory]
    [InlineData("/tmp//waldi/foobar/", "tmp-waldi-foobar")]  // systemd-escape(1)
    [InlineData("/", "-")]
    [InlineData("//", "-")]
    [InlineData("/.", "-")]
    [InlineData("/dev/sda", "dev-sda")]
    [InlineData("/./a/./b/.", "a-b")]
    [InlineData("relative/path", "relative-path")]
    [InlineData("/home/.config", "home-.config")]
    [InlineData("/.config", "\\x2econfig")]
    [InlineData("/mnt/my disk", "mnt-my\\x20disk")]
    [InlineData("/var/lib/foo-bar", "var-lib-foo\\x2dbar")]
    public void EscapePath_simplifies_then_escapes(string path, string expected)
    {
        Assert.Equal(expected, UnitNameEscaper.EscapePath(path));
    }

    [Theory]
    [InlineData("/a/../b", "path \"/a/../b\" must not contain \"..\" components")]
    [InlineData("..", "path \"..\" must not contain \"..\" components")]
    [InlineData("", "path cannot be empty")]
    public void EscapePath_rejects_paths_it_cannot_escape(string path, string expected)
    {
        var e = Assert.Throws<UnitValueException>(() => UnitNameEscaper.EscapePath(path));
        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("tmp-waldi-foobar", "tmp/waldi/foobar")]                     // systemd-escape(1)
    [InlineData("Hall\\xc3\\xb6chen\\x2c\\x20Meister", "Hallöchen, Meister")] // systemd-escape(1)
    [InlineData("a\\x2db", "a-b")]
    [InlineData("\\x2E\\x2e", "..")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("-", "/")]
    [InlineData("ö", "ö")]
    public void Unescape_follows_systemd_escape(string text, string expected)
    {
        Assert.Equal(expected, UnitNameEscaper.Unescape(text));
    }

    [Theory]
    [InlineData("a\\", "invalid escape sequence in \"a\\\\\": expected \\xHH")]
    [InlineData("a\\x4", "invalid escape sequence in \"a\\\\x4\": expected \\xHH")]
    [InlineData("a\\x4g", "invalid escape sequence in \"a\\\\x4g\": expected \\xHH")]
    [InlineData("a\\n", "invalid escape sequence in \"a\\\\n\": expected \\xHH")]
    [InlineData("A\\X41", "invalid escape sequence in \"A\\\\X41\": expected \\xHH")] // only a lowercase x, as in systemd
    [InlineData("\\xff", "\"\\\\xff\" does not unescape to valid UTF-8")]
    [InlineData("\\xc3", "\"\\\\xc3\" does not unescape to valid UTF-8")]
    public void Unescape_rejects_broken_escapes(string text, string expected)
    {
        var e = Assert.Throws<UnitValueException>(() => UnitNameEscaper.Unescape(text));
        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("tmp-waldi-foobar", "/tmp/waldi/foobar")] // systemd-escape(1)
    [InlineData("-", "/")]
    [InlineData("dev-sda", "/dev/sda")]
    [InlineData("\\x2econfig", "/.config")]
    [InlineData("mnt-my\\x20disk", "/mnt/my disk")]
    [InlineData("var-lib-foo\\x2dbar", "/var/lib/foo-bar")]
    public void UnescapePath_gives_an_absolute_path(string text, string expected)
    {
        Assert.Equal(expected, UnitNameEscaper.UnescapePath(text));
    }

    [Theory]
    [InlineData("", "escaped path cannot be empty")]
    [InlineData("-tmp", "\"-tmp\" does not unescape to a normalized path (\"//tmp\")")]
    [InlineData("tmp-", "\"tmp-\" does not unescape to a normalized path (\"/tmp/\")")]
    [InlineData("a--b", "\"a--b\" does not unescape to a normalized path (\"/a//b\")")]
    [InlineData("a-..-b", "\"a-..-b\" does not unescape to a normalized path (\"/a/../b\")")]
    [InlineData("a-.", "\"a-.\" does not unescape to a normalized path (\"/a/.\")")]
    public void UnescapePath_rejects_what_systemd_rejects(string text, string expected)
    {
        var e = Assert.Throws<UnitValueException>(() => UnitNameEscaper.UnescapePath(text));
        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("Hallöchen, Meister")]
    [InlineData("a-b/c\\d e.f")]
    [InlineData(".dot")]
    [InlineData("😀 ünïcode")]
    public void Escaping_round_trips(string text)
    {
        Assert.Equal(text, UnitNameEscaper.Unescape(UnitNameEscaper.Escape(text)));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/var/lib/foo-bar")]
    [InlineData("/mnt/.hidden dir/x")]
    public void Path_escaping_round_trips(string path)
    {
        Assert.Equal(path, UnitNameEscaper.UnescapePath(UnitNameEscaper.EscapePath(path)));
    }

    [Fact]
    public void An_escaped_path_makes_a_valid_unit_name()
    {
        var name = UnitNameEscaper.EscapePath("/mnt/my disk-1") + ".mount";
        Assert.Equal("mnt-my\\x20disk\\x2d1.mount", name);
        Assert.Null(UnitName.Validate(name));
    }
}
