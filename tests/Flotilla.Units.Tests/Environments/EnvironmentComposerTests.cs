using Flotilla.Units.Environments;

namespace Flotilla.Units.Tests.Environments;

public class EnvironmentComposerTests
{
    private static KeyValuePair<string, string>[] Pairs(string text) =>
        text.Length == 0
            ? []
            : text.Split('|').Select(pair => new KeyValuePair<string, string>(pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..])).ToArray();

    private static string Compose(string defaults, string assignments, string[] files, string unset) =>
        string.Join('|', EnvironmentComposer.Compose(
            Pairs(defaults),
            Pairs(assignments),
            files.Select(Pairs),
            unset.Length == 0 ? [] : unset.Split('|')).Select(pair => pair.Key + "=" + pair.Value));

    [Theory]
    [InlineData("", "", new string[0], "", "")]
    [InlineData("PATH=/bin", "", new string[0], "", "PATH=/bin")]
    [InlineData("PATH=/bin", "A=1", new string[0], "", "PATH=/bin|A=1")]
    [InlineData("PATH=/bin", "PATH=/usr/bin", new string[0], "", "PATH=/usr/bin")]
    [InlineData("", "A=1|A=2", new string[0], "", "A=2")]
    [InlineData("", "A=1", new[] { "A=file" }, "", "A=file")]
    [InlineData("", "A=1", new[] { "A=first", "A=second" }, "", "A=second")]
    [InlineData("", "A=1|B=2", new[] { "C=3" }, "", "A=1|B=2|C=3")]
    [InlineData("X=0", "A=1|B=2", new[] { "A=9" }, "", "X=0|A=9|B=2")]
    [InlineData("", "A=1|B=2", new string[0], "A", "B=2")]
    [InlineData("", "A=1|B=2", new string[0], "A=1", "B=2")]
    [InlineData("", "A=1|B=2", new string[0], "A=2", "A=1|B=2")]
    [InlineData("", "A=", new string[0], "A=", "")]
    [InlineData("", "A=1", new string[0], "MISSING|MISSING=1", "A=1")]
    [InlineData("PATH=/bin", "", new[] { "PATH=/x" }, "PATH=/bin", "PATH=/x")]
    [InlineData("", "a=1|A=2", new string[0], "a", "A=2")]
    public void Later_sources_win_and_unset_runs_last(string defaults, string assignments, string[] files, string unset, string expected)
    {
        Assert.Equal(expected, Compose(defaults, assignments, files, unset));
    }

    [Fact]
    public void Works_with_the_parsers_output()
    {
        var environment = EnvironmentComposer.Compose(
            [new("PATH", "/usr/bin"), new("INVOCATION_ID", "abc")],
            EnvironmentAssignments.Parse("\"GREETING=hello world\" MODE=dev"),
            [EnvironmentFileParser.Parse("MODE=prod\nexport EXTRA='x y'\n")],
            UnsetEnvironment.Parse("INVOCATION_ID"));
        Assert.Equal(["PATH", "GREETING", "MODE", "EXTRA"], environment.Keys);
        Assert.Equal("hello world", environment["GREETING"]);
        Assert.Equal("prod", environment["MODE"]);
        Assert.Equal("x y", environment["EXTRA"]);
    }
}
