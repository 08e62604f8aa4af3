using Flotilla.Api.Errors;
using Flotilla.Api.Fleet;
using Flotilla.Registry.Layout;
using Flotilla.Units.Names;

namespace Flotilla.Api.Tests.Fleet;

/// <summary>The pure parts of the fleet API: derived current state, page tokens, options to text.</summary>
public sealed class FleetRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Current_state_is_inactive_unscheduled_launched_when_the_target_runs_it_else_loaded()
    {
        UnitStateRecord running = new("a.service", "m1", "h", "loaded", "active", "running", Now);
        UnitStateRecord stopped = running with { ActiveState = "inactive", SubState = "dead" };
        Assert.Equal("inactive", CurrentStateRule.Derive(null, false, [running]));
        Assert.Equal("inactive", CurrentStateRule.Derive("m1", false, []));
        Assert.Equal("launched", CurrentStateRule.Derive("m1", false, [running]));
        Assert.Equal("loaded", CurrentStateRule.Derive("m1", false, [stopped]));
        Assert.Equal("inactive", CurrentStateRule.Derive("m2", false, [running]));
        Assert.Equal("launched", CurrentStateRule.Derive(null, true, [stopped, running with { Machine = "m2" }]));
    }

    [Fact]
    public void Page_tokens_continue_after_the_last_key_and_garbage_is_refused()
    {
        string[] keys = [.. Enumerable.Range(0, 250).Select(i => $"k{i:D3}")];
        (IReadOnlyList<string> first, string? next) = PageToken.Take(keys, k => k, null);
        Assert.Equal(100, first.Count);
        (IReadOnlyList<string> second, string? last) = PageToken.Take(keys, k => k, next);
        Assert.Equal("k100", second[0]);
        (IReadOnlyList<string> third, string? none) = PageToken.Take(keys, k => k, last);
        Assert.Equal(50, third.Count);
        Assert.Null(none);
        Assert.Equal(400, Assert.Throws<ApiException>(() => PageToken.Take(keys, k => k, "bm9wZQ")).StatusCode);
    }

    [Fact]
    public void Options_become_normalized_text_with_fleets_hash()
    {
        var file = UnitOptionsText.ToUnitFile(UnitName.Parse("h.service"), [new FleetUnitOption("Service", "ExecStart", "/bin/sleep 100")]);
        Assert.Equal("1c6fb6f3684bafb0c173d8b8b957ceff031180c1", file.Hash);
        Assert.Equal([new FleetUnitOption("Service", "ExecStart", "/bin/sleep 100")], UnitOptionsText.ToOptions("h.service", file.NormalizedText));
    }

    [Fact]
    public void A_value_ending_in_a_backslash_would_swallow_the_next_line_and_is_refused()
    {
        ApiException error = Assert.Throws<ApiException>(() => UnitOptionsText.ToUnitFile(
            UnitName.Parse("b.service"),
            [new FleetUnitOption("Service", "ExecStart", "/bin/true \\"), new FleetUnitOption("Service", "User", "root")]));
        Assert.Equal(400, error.StatusCode);
    }
}
