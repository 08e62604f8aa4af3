using Flotilla.Runner;

namespace Flotilla.Runner.Tests;

public sealed class UnitStatusTests
{
    [Theory]
    [InlineData(UnitLoadState.Loaded, "loaded")]
    [InlineData(UnitLoadState.NotFound, "not-found")]
    [InlineData(UnitLoadState.Error, "error")]
    public void Load_state_reads_as_systemd_writes_it(UnitLoadState state, string text) =>
        Assert.Equal(text, Status(state, UnitActiveState.Inactive).LoadText);

    [Theory]
    [InlineData(UnitActiveState.Active, "active")]
    [InlineData(UnitActiveState.Deactivating, "deactivating")]
    [InlineData(UnitActiveState.Failed, "failed")]
    public void Active_state_reads_as_systemd_writes_it(UnitActiveState state, string text) =>
        Assert.Equal(text, Status(UnitLoadState.Loaded, state).ActiveText);

    private static UnitStatus Status(UnitLoadState load, UnitActiveState active) =>
        new("a.service", "h", load, active, "dead", "success", null, null, DateTimeOffset.UnixEpoch);
}
