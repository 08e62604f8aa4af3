using Flotilla.Units.Diagnostics;
using Flotilla.Units.Environments;

namespace Flotilla.Units.Tests.Environments;

public class EnvironmentFileReferenceTests
{
    [Theory]
    [InlineData("/etc/default/app", "/etc/default/app", false)]
    [InlineData("-/etc/default/app", "/etc/default/app", true)]
    [InlineData("  -/run/x.env ", "/run/x.env", true)]
    [InlineData("/etc/app/*.env", "/etc/app/*.env", false)]
    [InlineData("/", "/", false)]
    public void Absolute_paths_with_optional_dash_parse(string value, string path, bool optional)
    {
        var reference = EnvironmentFileReference.Parse(value);
        Assert.Equal(new EnvironmentFileReference(path, optional), reference);
        Assert.Equal(value.Trim(), reference.ToString());
    }

    [Theory]
    [InlineData("etc/app", "EnvironmentFile path is not absolute: \"etc/app\"")]
    [InlineData("-etc/app", "EnvironmentFile path is not absolute: \"etc/app\"")]
    [InlineData("./app.env", "EnvironmentFile path is not absolute: \"./app.env\"")]
    [InlineData("~/app.env", "EnvironmentFile path is not absolute: \"~/app.env\"")]
    [InlineData("-", "EnvironmentFile path is not absolute: \"\"")]
    [InlineData("", "EnvironmentFile path is not absolute: \"\"")]
    [InlineData("--/etc/app", "EnvironmentFile path is not absolute: \"-/etc/app\"")]
    public void Relative_or_empty_paths_are_rejected(string value, string expected)
    {
        var e = Assert.Throws<UnitValueException>(() => EnvironmentFileReference.Parse(value));
        Assert.Equal(expected, e.Message);
    }
}
