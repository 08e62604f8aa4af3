using System.Text;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Transactions;

namespace Flotilla.Registry.Tests.Layout;

/// <summary>The facade over a real embedded store: guards, retries under concurrent writers, key checks.</summary>
public sealed class ClusterRegistryLogicTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly DateTimeOffset When = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly InterceptedRegistry _store = new();
    private readonly ClusterRegistry _cluster;

    public ClusterRegistryLogicTests()
    {
        _cluster = new ClusterRegistry(_store, new RegistryLayout("/t/"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 calls IAsyncLifetime, not IAsyncDisposable, on test classes: the store and its directory must go.
    public async Task DisposeAsync() => await _store.DisposeAsync();

    ValueTask IAsyncDisposable.DisposeAsync() => _store.DisposeAsync();

    private static UnitRecord Unit(string name, UnitDesiredState state = UnitDesiredState.Inactive, string text = "[Service]\nExecStart=/bin/true\n") =>
        new(name, text, "h-" + text.Length, state);

    [Fact]
    public async Task Create_refuses_an_existing_unit_naming_it()
    {
        await _cluster.CreateUnitAsync(Unit("a.service"), None);
        var error = await Assert.ThrowsAsync<RegistryPreconditionFailedException>(() => _cluster.CreateUnitAsync(Unit("a.service", UnitDesiredState.Launched), None));
        Assert.Contains("a.service", error.Message);
        Assert.Equal(UnitDesiredState.Inactive, (await _cluster.GetUnitAsync("a.service", None))!.Record.DesiredState);
    }

    [Fact]
    public async Task Put_replaces_and_list_returns_units_in_name_order()
    {
        await _cluster.PutUnitAsync(Unit("b.service"), None);
        await _cluster.PutUnitAsync(Unit("a.service"), None);
        long revision = await _cluster.PutUnitAsync(Unit("a.service", UnitDesiredState.Loaded), None);
        RegistrySnapshot<UnitRecord> units = await _cluster.ListUnitsAsync(None);
        Assert.Equal(["a.service", "b.service"], units.Entries.Select(entry => entry.Record.Name));
        Assert.Equal(UnitDesiredState.Loaded, units.Entries[0].Record.DesiredState);
        Assert.Equal(revision, units.Entries[0].ModRevision);
        Assert.Equal("/t/units/a.service", units.Entries[0].Key);
    }

    [Fact]
    public async Task Set_desired_state_keeps_a_concurrent_replace()
    {
        await _cluster.PutUnitAsync(Unit("a.service"), None);
        UnitRecord replaced = Unit("a.service", UnitDesiredState.Inactive, "[Service]\nExecStart=/bin/false\n");

        // Another client replaces the unit between our read and our guarded write.
        _store.BeforeAttempt = async attempt =>
        {
            if (attempt == 0)
            {
                await _store.WriteAsync("/t/units/a.service", RegistryRecordCodec.Encode(replaced));
            }
        };

        RegistryEntry<UnitRecord>? result = await _cluster.SetDesiredStateAsync("a.service", UnitDesiredState.Launched, None);
        Assert.Equal(2, _store.Sent.Count);
        Assert.Equal(replaced with { DesiredState = UnitDesiredState.Launched }, result!.Record);
        Assert.Equal(result.Record, (await _cluster.GetUnitAsync("a.service", None))!.Record);
    }

    [Fact]
    public async Task Set_desired_state_gives_up_after_bounded_retries()
    {
        await _cluster.PutUnitAsync(Unit("a.service"), None);
        _store.BeforeAttempt = attempt => _store.WriteAsync("/t/units/a.service", RegistryRecordCodec.Encode(Unit("a.service", text: $"v{attempt}")));
        var error = await Assert.ThrowsAsync<RegistryPreconditionFailedException>(() => _cluster.SetDesiredStateAsync("a.service", UnitDesiredState.Loaded, None));
        Assert.Contains("a.service", error.Message);
        Assert.Equal(ClusterRegistry.MaxConflictRetries + 1, _store.Sent.Count);
    }

    [Fact]
    public async Task Set_desired_state_of_a_missing_unit_returns_null_and_an_unchanged_one_writes_nothing()
    {
        Assert.Null(await _cluster.SetDesiredStateAsync("none.service", UnitDesiredState.Launched, None));
        await _cluster.PutUnitAsync(Unit("a.service", UnitDesiredState.Loaded), None);
        long before = await _store.GetRevisionAsync();
        RegistryEntry<UnitRecord>? same = await _cluster.SetDesiredStateAsync("a.service", UnitDesiredState.Loaded, None);
        Assert.Equal(UnitDesiredState.Loaded, same!.Record.DesiredState);
        Assert.Equal(before, await _store.GetRevisionAsync());
    }

    [Fact]
    public async Task A_record_at_the_wrong_key_is_reported_with_the_key()
    {
        await _store.WriteAsync("/t/units/a.service", RegistryRecordCodec.Encode(Unit("b.service")));
        var error = await Assert.ThrowsAsync<RegistryRecordException>(() => _cluster.ListUnitsAsync(None));
        Assert.Equal("/t/units/a.service", error.Key);
        Assert.Contains("/t/units/b.service", error.Message);
    }

    [Fact]
    public async Task Corrupt_values_are_reported_with_the_key()
    {
        await _store.WriteAsync("/t/machines/m1", Encoding.UTF8.GetBytes("{not json"));
        var error = await Assert.ThrowsAsync<RegistryRecordException>(() => _cluster.ListMachinesAsync(None));
        Assert.Equal("/t/machines/m1", error.Key);
    }

    [Fact]
    public async Task Machines_and_states_need_a_lease()
    {
        var machine = new MachineRecord("m1", "10.0.0.1", new Dictionary<string, string>(), "v", When);
        var error = await Assert.ThrowsAsync<RegistryInvalidRequestException>(() => _cluster.RegisterMachineAsync(machine, 0, None));
        Assert.Contains("m1", error.Message);
        var state = new UnitStateRecord("a.service", "m1", "h", "loaded", "active", "running", When);
        await Assert.ThrowsAsync<RegistryInvalidRequestException>(() => _cluster.PublishUnitStateAsync(state, 0, None));

        long lease = (await _store.GrantLeaseAsync(TimeSpan.FromSeconds(60))).Id;
        await _cluster.RegisterMachineAsync(machine, lease, None);
        RegistryEntry<MachineRecord> entry = Assert.Single((await _cluster.ListMachinesAsync(None)).Entries);
        Assert.Equal(lease, entry.LeaseId);
        Assert.Equal(machine, entry.Record);
    }

    [Fact]
    public async Task States_of_one_unit_are_kept_per_machine_so_a_global_unit_reports_from_each()
    {
        long lease = (await _store.GrantLeaseAsync(TimeSpan.FromSeconds(60))).Id;
        await _cluster.PublishUnitStateAsync(new UnitStateRecord("g.service", "m1", "h", "loaded", "active", "running", When), lease, None);
        await _cluster.PublishUnitStateAsync(new UnitStateRecord("g.service", "m2", "h", "loaded", "failed", "failed", When), lease, None);
        await _cluster.PublishUnitStateAsync(new UnitStateRecord("g.service2", "m1", "h", "loaded", "active", "running", When), lease, None);

        var states = (await _cluster.ListUnitStatesAsync("g.service", None)).Entries;
        Assert.Equal(["m1", "m2"], states.Select(e => e.Record.Machine));
        Assert.Equal("/t/states/g.service/m2", states[1].Key);
        Assert.Equal(3, (await _cluster.ListUnitStatesAsync(None)).Entries.Count);

        Assert.True(await _cluster.DeleteUnitStateAsync("g.service", "m1", None));
        Assert.False(await _cluster.DeleteUnitStateAsync("g.service", "m1", None));
        Assert.Equal("m2", Assert.Single((await _cluster.ListUnitStatesAsync("g.service", None)).Entries).Record.Machine);
    }

    [Fact]
    public async Task Assignments_list_per_machine_and_all()
    {
        foreach ((string machine, string unit) in new[] { ("m1", "a.service"), ("m1", "b.service"), ("m10", "c.service") })
        {
            RegistryOperation put = _cluster.PutAssignment(new AssignmentRecord(unit, machine, "h"));
            await _store.PutAsync(put.Key, put.Value);
        }

        Assert.Equal(["a.service", "b.service"], (await _cluster.ListAssignmentsAsync("m1", None)).Entries.Select(entry => entry.Record.Unit));
        Assert.Equal(3, (await _cluster.ListAssignmentsAsync(None)).Entries.Count);
        Assert.Equal("/t/assignments/m10/c.service", _cluster.DeleteAssignment("m10", "c.service").Key);
    }

    [Fact]
    public async Task Reasons_put_list_and_delete()
    {
        await _cluster.PutReasonAsync(new PlacementReasonRecord("a.service", "no machine has role=db", When), None);
        RegistryEntry<PlacementReasonRecord> reason = Assert.Single((await _cluster.ListReasonsAsync(None)).Entries);
        Assert.Equal("no machine has role=db", reason.Record.Reason);
        Assert.True(await _cluster.DeleteReasonAsync("a.service", None));
        Assert.False(await _cluster.DeleteReasonAsync("a.service", None));
        Assert.Empty((await _cluster.ListReasonsAsync(None)).Entries);
    }

    [Fact]
    public async Task Delete_unit_reports_whether_it_existed_and_takes_its_reason_along()
    {
        await _cluster.PutUnitAsync(Unit("a.service"), None);
        await _cluster.PutReasonAsync(new PlacementReasonRecord("a.service", "no machine has role=db", When), None);
        Assert.True(await _cluster.DeleteUnitAsync("a.service", None));
        Assert.False(await _cluster.DeleteUnitAsync("a.service", None));
        Assert.Null(await _cluster.GetUnitAsync("a.service", None));
        Assert.Empty((await _cluster.ListReasonsAsync(None)).Entries);
    }
}
