namespace Flotilla.Engine.Scheduling;

/// <summary>
/// Each machine's load as placement counts it: the non-global units assigned to it plus the global
/// units that would run there (metadata fits and no unit on the machine conflicts with them). Kept up
/// to date on every assign and unassign, so reading a load costs nothing and the load orders that
/// contain the machine stay sorted.
/// </summary>
internal sealed class MachineLoads
{
    private readonly ClusterMachine[] machines;
    private readonly ClusterUnit[] globals;

    // Per unit: the globals (positions in `globals`) it conflicts with; empty for almost every unit.
    private readonly int[][] globalConflicts;

    private readonly int[] placed;
    private readonly int[] qualifying;
    private readonly int[] blocked;

    // Per machine: global position -> how many units on the machine conflict with it (blocked while > 0).
    private readonly Dictionary<int, int>?[] conflictsOn;
    private readonly List<LoadOrder>?[] orders;

    public MachineLoads(ClusterUnit[] units, UnitNameIndex names, ConflictGraph conflicts, ClusterMachine[] machines)
    {
        this.machines = machines;
        var globalUnits = Enumerable.Range(0, units.Length)
            .Where(u => units[u].IsGlobal && units[u].Desired != DesiredState.Inactive)
            .ToArray();
        globals = [.. globalUnits.Select(u => units[u])];
        globalConflicts = GlobalConflicts(units, names, conflicts, globalUnits);

        placed = new int[machines.Length];
        qualifying = new int[machines.Length];
        blocked = new int[machines.Length];
        conflictsOn = new Dictionary<int, int>?[machines.Length];
        orders = new List<LoadOrder>?[machines.Length];
        for (var m = 0; m < machines.Length; m++)
        {
            foreach (var global in globals)
            {
                if (PlacementRules.MatchesMetadata(global.Requirements, machines[m]))
                {
                    qualifying[m]++;
                }
            }
        }
    }

    public int Load(int machine) => placed[machine] + qualifying[machine] - blocked[machine];

    /// <summary>Keeps <paramref name="order"/> sorted as the machine's load changes; the machine must be in it.</summary>
    public void Track(int machine, LoadOrder order) => (orders[machine] ??= []).Add(order);

    public void Assign(int unit, int machine) => Change(unit, machine, +1);

    public void Unassign(int unit, int machine) => Change(unit, machine, -1);

    private void Change(int unit, int machine, int delta)
    {
        var before = Load(machine);
        placed[machine] += delta;
        foreach (var global in globalConflicts[unit])
        {
            // Globals the machine's metadata rules out are not counted, blocked or not.
            if (!PlacementRules.MatchesMetadata(globals[global].Requirements, machines[machine]))
            {
                continue;
            }

            var counts = conflictsOn[machine] ??= [];
            var count = counts.GetValueOrDefault(global) + delta;
            counts[global] = count;
            if ((delta > 0 && count == 1) || (delta < 0 && count == 0))
            {
                blocked[machine] += delta;
            }
        }

        var after = Load(machine);
        if (after != before && orders[machine] is { } tracking)
        {
            foreach (var order in tracking)
            {
                order.Move(machine, before, after);
            }
        }
    }

    // Conflicts go both ways: a global's patterns may name the unit, or the unit's patterns the global.
    private static int[][] GlobalConflicts(ClusterUnit[] units, UnitNameIndex names, ConflictGraph conflicts, int[] globalUnits)
    {
        var found = new List<int>?[units.Length];
        var positionOf = new Dictionary<int, int>();
        for (var g = 0; g < globalUnits.Length; g++)
        {
            positionOf[globalUnits[g]] = g;
            foreach (var pattern in units[globalUnits[g]].Requirements.Conflicts)
            {
                foreach (var unit in names.Matches(pattern))
                {
                    Add(unit, g);
                }
            }
        }

        if (positionOf.Count > 0)
        {
            // Units with the same pattern share its match array; look for globals in each array once.
            var globalsIn = new Dictionary<int[], int[]>(ReferenceEqualityComparer.Instance);
            for (var u = 0; u < units.Length; u++)
            {
                foreach (var matched in conflicts.Matched(u))
                {
                    if (!globalsIn.TryGetValue(matched, out var named))
                    {
                        globalsIn[matched] = named = [.. matched.Where(positionOf.ContainsKey).Select(unit => positionOf[unit])];
                    }

                    foreach (var g in named)
                    {
                        Add(u, g);
                    }
                }
            }
        }

        return [.. found.Select(list => list is null ? [] : list.ToArray())];

        void Add(int unit, int global)
        {
            // Only units that can be assigned count; a global never conflicts with itself.
            if (units[unit].NeedsMachine && !(found[unit] ??= []).Contains(global))
            {
                found[unit]!.Add(global);
            }
        }
    }
}
