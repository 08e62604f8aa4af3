using Flotilla.Runner.Systemd;

namespace Flotilla.Runner.Tests.Systemd;

public sealed class SystemdStatusMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Show_output_for_several_units_is_one_block_each_in_order()
    {
        const string output = "Id=a.service\nLoadState=loaded\nStatusText=a=b\n\nId=b.service\nLoadState=not-found\n";

        var blocks = SystemdShowOutput.ParseForUnits(output, ["a.service", "b.service"]);

        Assert.Equal("a=b", blocks[0]["StatusText"]);
        Assert.Equal("not-found", blocks[1]["LoadState"]);
    }

    [Fact]
    public void Show_output_for_other_units_than_asked_is_rejected()
    {
        Assert.Throws<FormatException>(() => SystemdShowOutput.ParseForUnits("Id=a.service\n", ["b.service"]));
        Assert.Throws<FormatException>(() => SystemdShowOutput.ParseForUnits("Id=a.service\n", ["a.service", "b.service"]));
    }

    [Fact]
    public void A_running_service_maps_to_active_running_with_its_main_pid_and_status_text()
    {
        var status = SystemdStatusMapping.ToStatus("web.service", "h", Properties("loaded", "active", "running", "success", "812", "Ready."), Now);

        Assert.Equal(new UnitStatus("web.service", "h", UnitLoadState.Loaded, UnitActiveState.Active, "running", "success", 812, "Ready.", Now), status);
    }

    [Fact]
    public void A_main_pid_of_zero_and_an_empty_status_text_are_absent()
    {
        var status = SystemdStatusMapping.ToStatus("web.service", "h", Properties("loaded", "failed", "failed", "signal", "0", ""), Now);

        Assert.Equal((UnitActiveState.Failed, "signal", (int?)null, (string?)null), (status.ActiveState, status.Result, status.MainPid, status.StatusText));
    }

    [Theory]
    [InlineData("loaded", UnitLoadState.Loaded)]
    [InlineData("not-found", UnitLoadState.NotFound)]
    [InlineData("bad-setting", UnitLoadState.Error)]
    [InlineData("error", UnitLoadState.Error)]
    [InlineData("masked", UnitLoadState.Error)]
    public void Load_states_map_to_loaded_not_found_or_error(string systemd, UnitLoadState expected) =>
        Assert.Equal(expected, SystemdStatusMapping.MapLoadState(systemd));

    [Theory]
    [InlineData("active", UnitActiveState.Active)]
    [InlineData("inactive", UnitActiveState.Inactive)]
    [InlineData("failed", UnitActiveState.Failed)]
    [InlineData("activating", UnitActiveState.Activating)]
    [InlineData("deactivating", UnitActiveState.Deactivating)]
    [InlineData("reloading", UnitActiveState.Reloading)]
    [InlineData("refreshing", UnitActiveState.Reloading)]
    [InlineData("maintenance", UnitActiveState.Inactive)]
    public void Active_states_map_to_the_runners(string systemd, UnitActiveState expected) =>
        Assert.Equal(expected, SystemdStatusMapping.MapActiveState(systemd));

    [Fact]
    public void An_unknown_active_state_is_an_error_naming_it()
    {
        var error = Assert.Throws<FormatException>(() => SystemdStatusMapping.MapActiveState("sleeping"));

        Assert.Contains("\"sleeping\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_systemd_could_not_load_carries_the_message_of_its_load_error()
    {
        var properties = new Dictionary<string, string>(Properties("not-found", "inactive", "dead", "success", "0", "stale"))
        {
            ["LoadError"] = "org.freedesktop.systemd1.NoSuchUnit \"Unit web.service not found.\"",
        };

        var status = SystemdStatusMapping.ToStatus("web.service", "h", properties, Now);

        Assert.Equal((UnitLoadState.NotFound, "not-found: Unit web.service not found."), (status.LoadState, status.StatusText));
    }

    [Fact]
    public void A_masked_unit_without_a_load_error_says_masked() =>
        Assert.Equal("masked", SystemdStatusMapping.DescribeLoadProblem("masked", string.Empty));

    private static Dictionary<string, string> Properties(string load, string active, string sub, string result, string mainPid, string statusText) =>
        new(StringComparer.Ordinal)
        {
            ["LoadState"] = load,
            ["ActiveState"] = active,
            ["SubState"] = sub,
            ["Result"] = result,
            ["MainPID"] = mainPid,
            ["StatusText"] = statusText,
        };
}
