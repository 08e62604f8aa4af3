using Flotilla.Registry.Data;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Transactions;

namespace Flotilla.Registry.Layout;

/// <summary>
/// The cluster's records over any <see cref="IRegistry"/>: units, assignments, machines, unit states
/// and placement reasons, each under its <see cref="RegistryLayout"/> key and encoded by
/// <see cref="RegistryRecordCodec"/>. Reads check that a record matches its key, so a hand-edited or
/// misplaced value is reported (naming the key) instead of being taken for another unit or machine.
/// </summary>
public sealed class ClusterRegistry
{
    /// <summary>How often <see cref="SetDesiredStateAsync"/> re-reads after a concurrent change before giving up.</summary>
    public const int MaxConflictRetries = 16;

    public ClusterRegistry(IRegistry registry, RegistryLayout? layout = null)
    {
        Registry = registry;
        Layout = layout ?? RegistryLayout.Default;
    }

    public IRegistry Registry { get; }

    public RegistryLayout Layout { get; }

    /// <summary>Creates or replaces a unit (fleet's submit/load/start with --replace). Returns the new revision.</summary>
    public Task<long> PutUnitAsync(UnitRecord unit, CancellationToken cancellationToken) =>
        Registry.PutAsync(Layout.UnitKey(unit.Name), RegistryRecordCodec.Encode(unit), 0, cancellationToken);

    /// <summary>The write that stores a unit, for submitting many units in one transaction.</summary>
    public RegistryOperation PutUnitOperation(UnitRecord unit) =>
        RegistryOperation.Put(Layout.UnitKey(unit.Name), RegistryRecordCodec.Encode(unit));

    /// <summary>Creates a unit only if no unit of that name exists. Returns the new revision.</summary>
    /// <exception cref="RegistryPreconditionFailedException">The unit already exists (the message names it).</exception>
    public async Task<long> CreateUnitAsync(UnitRecord unit, CancellationToken cancellationToken)
    {
        string key = Layout.UnitKey(unit.Name);
        TransactionResult result = await Registry.TransactAsync(
            new TransactionRequest([Compare.Missing(key)], [RegistryOperation.Put(key, RegistryRecordCodec.Encode(unit))]),
            cancellationToken);
        if (!result.Succeeded)
        {
            throw new RegistryPreconditionFailedException($"unit {unit.Name} already exists");
        }

        return result.Revision;
    }

    public Task<RegistryEntry<UnitRecord>?> GetUnitAsync(string name, CancellationToken cancellationToken) =>
        GetAsync<UnitRecord>(Layout.UnitKey(name), UnitKeyOf, cancellationToken);

    public Task<RegistrySnapshot<UnitRecord>> ListUnitsAsync(CancellationToken cancellationToken) =>
        ListAsync<UnitRecord>(Layout.UnitsPrefix, UnitKeyOf, cancellationToken);

    /// <summary>
    /// Sets a unit's desired state without losing a concurrent change (another state change or a
    /// replace): the write is guarded by the mod revision it read and re-done on the fresh record when the
    /// guard fails. Returns the unit as written (unchanged, without a write, when it already had that
    /// state), or null when the unit does not exist.
    /// </summary>
    /// <exception cref="RegistryPreconditionFailedException">The unit kept changing for <see cref="MaxConflictRetries"/> attempts.</exception>
    public async Task<RegistryEntry<UnitRecord>?> SetDesiredStateAsync(string name, UnitDesiredState state, CancellationToken cancellationToken)
    {
        string key = Layout.UnitKey(name);
        RegistryEntry<UnitRecord>? current = await GetUnitAsync(name, cancellationToken);
        for (int attempt = 0; attempt <= MaxConflictRetries; attempt++)
        {
            if (current is null || current.Record.DesiredState == state)
            {
                return current;
            }

            UnitRecord updated = current.Record with { DesiredState = state };

            // The failure branch reads the key back, so a retry costs one round trip, not two.
            TransactionResult result = await Registry.TransactAsync(
                new TransactionRequest(
                    [Compare.Unchanged(key, current.ModRevision)],
                    [RegistryOperation.Put(key, RegistryRecordCodec.Encode(updated))],
                    [RegistryOperation.Get(key)]),
                cancellationToken);
            if (result.Succeeded)
            {
                return new RegistryEntry<UnitRecord>(key, updated, current.CreateRevision, result.Revision, 0);
            }

            KeyValue? fresh = result.Results[0].Item;
            current = fresh is null ? null : Entry<UnitRecord>(fresh, UnitKeyOf);
        }

        throw new RegistryPreconditionFailedException(
            $"unit {name} changed concurrently {MaxConflictRetries + 1} times while its desired state was set to {state.ToFleetString()}; giving up");
    }

    /// <summary>
    /// Deletes a unit (fleet's destroy) and, in the same revision, its placement reason, so no reason
    /// outlives its unit. Returns false when the unit did not exist.
    /// </summary>
    public async Task<bool> DeleteUnitAsync(string name, CancellationToken cancellationToken)
    {
        TransactionResult result = await Registry.TransactAsync(
            new TransactionRequest([], [RegistryOperation.Delete(Layout.UnitKey(name)), RegistryOperation.Delete(Layout.ReasonKey(name))]),
            cancellationToken);
        return result.Results[0].Deleted > 0;
    }

    /// <summary>One machine's assignments: what its agent should run.</summary>
    public Task<RegistrySnapshot<AssignmentRecord>> ListAssignmentsAsync(string machineId, CancellationToken cancellationToken) =>
        ListAsync<AssignmentRecord>(Layout.MachineAssignmentsPrefix(machineId), AssignmentKeyOf, cancellationToken);

    /// <summary>Every machine's assignments.</summary>
    public Task<RegistrySnapshot<AssignmentRecord>> ListAssignmentsAsync(CancellationToken cancellationToken) =>
        ListAsync<AssignmentRecord>(Layout.AssignmentsPrefix, AssignmentKeyOf, cancellationToken);

    /// <summary>The write that places a unit, for the engine's batched plans (<see cref="RegistryBatches"/>).</summary>
    public RegistryOperation PutAssignment(AssignmentRecord assignment) =>
        RegistryOperation.Put(AssignmentKeyOf(assignment), RegistryRecordCodec.Encode(assignment));

    /// <summary>The write that unschedules a unit from a machine, for the engine's batched plans.</summary>
    public RegistryOperation DeleteAssignment(string machineId, string unitName) =>
        RegistryOperation.Delete(Layout.AssignmentKey(machineId, unitName));

    /// <summary>The engine's index of global units that are desired loaded or launched.</summary>
    public Task<RegistrySnapshot<GlobalUnitRecord>> ListGlobalsAsync(CancellationToken cancellationToken) =>
        ListAsync<GlobalUnitRecord>(Layout.GlobalsPrefix, GlobalKeyOf, cancellationToken);

    /// <summary>The write that indexes a global unit, for the engine's batched plans.</summary>
    public RegistryOperation PutGlobal(GlobalUnitRecord global) =>
        RegistryOperation.Put(GlobalKeyOf(global), RegistryRecordCodec.Encode(global));

    /// <summary>Registers (or updates) a machine, attached to its presence lease so it vanishes with it.</summary>
    public Task<long> RegisterMachineAsync(MachineRecord machine, long leaseId, CancellationToken cancellationToken) =>
        Registry.PutAsync(Layout.MachineKey(machine.Id), RegistryRecordCodec.Encode(machine), RequireLease(leaseId, $"machine {machine.Id}"), cancellationToken);

    public Task<RegistrySnapshot<MachineRecord>> ListMachinesAsync(CancellationToken cancellationToken) =>
        ListAsync<MachineRecord>(Layout.MachinesPrefix, MachineKeyOf, cancellationToken);

    /// <summary>Publishes the state of a unit this machine runs, attached to the machine's lease.</summary>
    public Task<long> PublishUnitStateAsync(UnitStateRecord state, long leaseId, CancellationToken cancellationToken) =>
        Registry.PutAsync(Layout.StateKey(state.Name, state.Machine), RegistryRecordCodec.Encode(state), RequireLease(leaseId, $"state of unit {state.Name}"), cancellationToken);

    /// <summary>Removes the state a machine reported for a unit it no longer has. Returns false when there was none.</summary>
    public async Task<bool> DeleteUnitStateAsync(string unitName, string machineId, CancellationToken cancellationToken)
    {
        DeleteResult result = await Registry.DeleteAsync(Layout.StateKey(unitName, machineId), cancellationToken);
        return result.Deleted > 0;
    }

    /// <summary>Every reported state: one per unit and machine that runs it.</summary>
    public Task<RegistrySnapshot<UnitStateRecord>> ListUnitStatesAsync(CancellationToken cancellationToken) =>
        ListAsync<UnitStateRecord>(Layout.StatesPrefix, StateKeyOf, cancellationToken);

    /// <summary>The states every machine reports for one unit (several for a global unit).</summary>
    public Task<RegistrySnapshot<UnitStateRecord>> ListUnitStatesAsync(string unitName, CancellationToken cancellationToken) =>
        ListAsync<UnitStateRecord>(Layout.UnitStatesPrefix(unitName), StateKeyOf, cancellationToken);

    public Task<long> PutReasonAsync(PlacementReasonRecord reason, CancellationToken cancellationToken) =>
        Registry.PutAsync(Layout.ReasonKey(reason.Unit), RegistryRecordCodec.Encode(reason), 0, cancellationToken);

    /// <summary>Removes a unit's placement reason (it was placed, or destroyed). Returns false when there was none.</summary>
    public async Task<bool> DeleteReasonAsync(string unitName, CancellationToken cancellationToken)
    {
        DeleteResult result = await Registry.DeleteAsync(Layout.ReasonKey(unitName), cancellationToken);
        return result.Deleted > 0;
    }

    public Task<RegistrySnapshot<PlacementReasonRecord>> ListReasonsAsync(CancellationToken cancellationToken) =>
        ListAsync<PlacementReasonRecord>(Layout.ReasonsPrefix, ReasonKeyOf, cancellationToken);

    private string UnitKeyOf(UnitRecord unit) => Layout.UnitKey(unit.Name);

    private string AssignmentKeyOf(AssignmentRecord assignment) => Layout.AssignmentKey(assignment.Machine, assignment.Unit);

    private string MachineKeyOf(MachineRecord machine) => Layout.MachineKey(machine.Id);

    private string StateKeyOf(UnitStateRecord state) => Layout.StateKey(state.Name, state.Machine);

    private string ReasonKeyOf(PlacementReasonRecord reason) => Layout.ReasonKey(reason.Unit);

    private string GlobalKeyOf(GlobalUnitRecord global) => Layout.GlobalKey(global.Name);

    // Records that must vanish with their owner are useless (and misleading forever) without a lease.
    private static long RequireLease(long leaseId, string what) =>
        leaseId != 0 ? leaseId : throw new RegistryInvalidRequestException($"{what} must be written with a lease");

    private async Task<RegistryEntry<T>?> GetAsync<T>(string key, Func<T, string> keyOf, CancellationToken cancellationToken)
        where T : class, IRegistryRecord
    {
        KeyValue? item = await Registry.GetAsync(key, 0, cancellationToken);
        return item is null ? null : Entry(item, keyOf);
    }

    private async Task<RegistrySnapshot<T>> ListAsync<T>(string prefix, Func<T, string> keyOf, CancellationToken cancellationToken)
        where T : class, IRegistryRecord
    {
        RangeResult range = await Registry.RangeAsync(prefix, 0, cancellationToken);
        var entries = new List<RegistryEntry<T>>(range.Items.Count);
        foreach (KeyValue item in range.Items)
        {
            entries.Add(Entry(item, keyOf));
        }

        return new RegistrySnapshot<T>(range.Revision, entries);
    }

    private static RegistryEntry<T> Entry<T>(KeyValue item, Func<T, string> keyOf)
        where T : class, IRegistryRecord
    {
        T record = RegistryRecordCodec.Decode<T>(item);
        string expected;
        try
        {
            expected = keyOf(record);
        }
        catch (RegistryInvalidRequestException error)
        {
            throw new RegistryRecordException(item.Key, $"key {item.Key} holds a record that cannot be stored there: {error.Message}", error);
        }

        if (!string.Equals(expected, item.Key, StringComparison.Ordinal))
        {
            throw new RegistryRecordException(item.Key, $"key {item.Key} holds the record that belongs at {expected}", null);
        }

        return new RegistryEntry<T>(item.Key, record, item.CreateRevision, item.ModRevision, item.LeaseId);
    }
}
