using Flotilla.Benchmarks.ClusterScale;
using Flotilla.Runner;

namespace Flotilla.Benchmarks.Tests.ClusterScale;

public sealed class RecordingUnitManagerTests
{
    private readonly RunnerTally _tally = new();
    private readonly RecordingUnitManager _units;
    private readonly List<UnitStatus> _reported = [];

    public RecordingUnitManagerTests()
    {
        _units = new RecordingUnitManager(TimeProvider.System, _tally);
        _units.StatusChanged += (_, status) => _reported.Add(status);
    }

    [Fact]
    public async Task A_loaded_unit_is_inactive_with_its_hash_until_started()
    {
        UnitStatus loaded = await _units.LoadAsync(new UnitSource("a.service", "[Service]\nExecStart=/bin/true\n", "h1"), CancellationToken.None);

        Assert.Equal(("h1", UnitLoadState.Loaded, UnitActiveState.Inactive, "dead"), (loaded.Hash, loaded.LoadState, loaded.ActiveState, loaded.SubState));
        Assert.Equal(loaded, _units.Find("a.service"));
        Assert.Equal([loaded], _reported);
    }

    [Fact]
    public async Task Start_reports_active_running_and_stop_reports_inactive_dead()
    {
        await _units.LoadAsync(new UnitSource("a.service", "", "h1"), CancellationToken.None);

        UnitStatus started = await _units.StartAsync("a.service", CancellationToken.None);
        Assert.Equal((UnitActiveState.Active, "running"), (started.ActiveState, started.SubState));
        Assert.Equal(started, _reported[^1]);

        UnitStatus stopped = await _units.StopAsync("a.service", CancellationToken.None);
        Assert.Equal((UnitActiveState.Inactive, "dead"), (stopped.ActiveState, stopped.SubState));
        Assert.Equal((1, 1, 1), (_tally.Loads, _tally.Starts, _tally.Stops));
    }

    [Fact]
    public async Task Unload_forgets_the_unit_and_reloading_keeps_its_state_with_the_new_hash()
    {
        await _units.LoadAsync(new UnitSource("a.service", "", "h1"), CancellationToken.None);
        await _units.StartAsync("a.service", CancellationToken.None);

        UnitStatus reloaded = await _units.LoadAsync(new UnitSource("a.service", "", "h2"), CancellationToken.None);
        Assert.Equal(("h2", UnitActiveState.Active), (reloaded.Hash, reloaded.ActiveState));

        await _units.UnloadAsync("a.service", CancellationToken.None);
        Assert.Null(_units.Find("a.service"));
        Assert.Empty(_units.List());
        Assert.Equal(1, _tally.Unloads);
    }

    [Fact]
    public async Task Starting_a_unit_that_is_not_loaded_fails_as_the_runner_contract_says()
    {
        await Assert.ThrowsAsync<UnitNotLoadedException>(() => _units.StartAsync("missing.service", CancellationToken.None));
    }
}
