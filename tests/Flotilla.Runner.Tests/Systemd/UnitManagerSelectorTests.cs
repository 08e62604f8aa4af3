using Flotilla.Runner.Systemd;

namespace Flotilla.Runner.Tests.Systemd;

public sealed class UnitManagerSelectorTests
{
    [Theory]
    [InlineData(null, false, UnitManagerKind.Builtin)]
    [InlineData(null, true, UnitManagerKind.Builtin)]
    [InlineData("", true, UnitManagerKind.Builtin)]
    [InlineData("builtin", true, UnitManagerKind.Builtin)]
    [InlineData("builtin", false, UnitManagerKind.Builtin)]
    [InlineData("auto", true, UnitManagerKind.Systemd)]
    [InlineData("auto", false, UnitManagerKind.Builtin)]
    [InlineData("systemd", true, UnitManagerKind.Systemd)]
    [InlineData("Systemd", true, UnitManagerKind.Systemd)]
    public void Selects_the_runner_asked_for_or_the_one_that_fits(string? requested, bool systemdRunning, UnitManagerKind expected) =>
        Assert.Equal(expected, UnitManagerSelector.Select(requested, systemdRunning));

    [Fact]
    public void Asking_for_systemd_where_it_is_not_running_is_an_error_that_says_why()
    {
        var error = Assert.Throws<ArgumentException>(() => UnitManagerSelector.Select("systemd", systemdRunning: false));

        Assert.Contains("systemd is not running on this machine (/run/systemd/system does not exist)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_runner_is_an_error_that_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => UnitManagerSelector.Select("docker", systemdRunning: true));

        Assert.Contains("unknown unit runner \"docker\": expected builtin, systemd or auto", error.Message, StringComparison.Ordinal);
    }
}
