using Flotilla.Units.Fleet;

namespace Flotilla.Units.Tests.Fleet;

public class FleetGlobTests
{
    [Theory]
    [InlineData("nginx*", "nginx@1.service", true)]
    [InlineData("nginx*", "nginx.service", true)]
    [InlineData("nginx*", "discovery-nginx@1.service", false)]
    [InlineData("*", "a.service", true)]
    [InlineData("*", "a/b.service", false)]
    [InlineData("web@?.service", "web@1.service", true)]
    [InlineData("web@?.service", "web@12.service", false)]
    [InlineData("web@[0-9].service", "web@7.service", true)]
    [InlineData("web@[0-9].service", "web@x.service", false)]
    [InlineData("web@[^0-9].service", "web@x.service", true)]
    [InlineData("web@[^0-9].service", "web@7.service", false)]
    [InlineData("web@[ab].service", "web@b.service", true)]
    [InlineData("web\\*.service", "web*.service", true)]
    [InlineData("web\\*.service", "webx.service", false)]
    [InlineData("a.service", "a.service", true)]
    [InlineData("a.service", "b.service", false)]
    [InlineData("*.service", "a.socket", false)]
    [InlineData("*@*.service", "web@1.service", true)]
    [InlineData("[]a].service", "].service", true)]
    [InlineData("web@[1-3", "web@1", false)]
    [InlineData("", "", true)]
    public void Matches_like_go_path_match(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, FleetGlob.IsMatch(pattern, name));
    }

    [Theory]
    [InlineData("web@[1-3", "unterminated character class")]
    [InlineData("web\\", "pattern ends with a lone '\\'")]
    [InlineData("web*", null)]
    [InlineData("web@[1-3].service", null)]
    public void Validates_patterns(string pattern, string? problem)
    {
        Assert.Equal(problem, FleetGlob.Validate(pattern));
    }
}
