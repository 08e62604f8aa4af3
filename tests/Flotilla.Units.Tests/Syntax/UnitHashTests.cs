using System.Security.Cryptography;
using System.Text;
using Flotilla.Units.Syntax;

namespace Flotilla.Units.Tests.Syntax;

public class UnitHashTests
{
    private static UnitFile Parse(string text) => UnitFileParser.Parse("t.service", text);

    [Fact]
    public void Matches_fleets_documented_hash()
    {
        var file = Parse("[Service]\nExecStart=/bin/sleep 100\n");
        Assert.Equal("1c6fb6f3684bafb0c173d8b8b957ceff031180c1", file.Hash);
        Assert.Equal("1c6fb6f", file.ShortHash);
    }

    [Fact]
    public void Empty_unit_hashes_to_sha1_of_nothing()
    {
        Assert.Equal("da39a3ee5e6b4b0d3255bfef95601890afd80709", Parse("").Hash);
        Assert.Equal("da39a3ee5e6b4b0d3255bfef95601890afd80709", Parse("# only a comment\n\n[Unit]\n").Hash);
    }

    [Theory]
    [InlineData("[Service]\nExecStart=/bin/sleep 100\n")]
    [InlineData("# a comment\n[Service]\n\nExecStart=/bin/sleep 100\n")]
    [InlineData("[Service]\r\nExecStart = /bin/sleep 100\r\n")]
    [InlineData("[Service]\nExecStart=/bin/sleep\\\n100\n")]
    [InlineData("  [Service]\n\tExecStart=/bin/sleep 100   \n;trailing\n")]
    public void Formatting_does_not_change_the_hash(string text)
    {
        Assert.Equal("1c6fb6f3684bafb0c173d8b8b957ceff031180c1", Parse(text).Hash);
    }

    [Theory]
    [InlineData("[Service]\nExecStart=/bin/sleep 101\n")]
    [InlineData("[service]\nExecStart=/bin/sleep 100\n")]
    [InlineData("[Service]\nExecStart=/bin/sleep  100\n")]
    public void Content_changes_the_hash(string text)
    {
        Assert.NotEqual("1c6fb6f3684bafb0c173d8b8b957ceff031180c1", Parse(text).Hash);
    }

    [Fact]
    public void Normalized_text_merges_repeated_sections_in_first_seen_order()
    {
        var file = Parse("[Unit]\nDescription=d\n[Service]\nExecStart=/a\n# c\n[Unit]\nAfter=b.service\n[X-Fleet]\nGlobal=true\n");
        Assert.Equal(
            "[Unit]\nDescription=d\nAfter=b.service\n\n[Service]\nExecStart=/a\n\n[X-Fleet]\nGlobal=true\n",
            file.NormalizedText);
    }

    [Fact]
    public void Normalized_text_keeps_empty_assignments_because_fleet_hashes_them()
    {
        Assert.Equal("[Service]\nExecStart=\nExecStart=/b\n", Parse("[Service]\nExecStart=\nExecStart=/b\n").NormalizedText);
    }

    [Fact]
    public void Hash_is_sha1_of_the_normalized_utf8_text()
    {
        var file = Parse("[Unit]\nDescription=Grüße\n[Service]\nExecStart=/bin/true\n");
#pragma warning disable CA5350
        var expected = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(file.NormalizedText)));
#pragma warning restore CA5350
        Assert.Equal(expected, file.Hash);
    }

    [Fact]
    public void Normalized_text_parses_back_to_the_same_hash()
    {
        var file = Parse("[Unit]\nDescription=x\n[Service]\nExecStart=/a \\\n b\n[Unit]\nWants=y\n");
        Assert.Equal(file.Hash, Parse(file.NormalizedText).Hash);
    }
}
