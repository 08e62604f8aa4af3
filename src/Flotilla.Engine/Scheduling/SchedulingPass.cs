using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Scheduling;

/// <summary>
/// The working state of one <see cref="Scheduler.Decide"/> call: first drop assignments that no longer
/// hold, then place what is left, in unit-name order so the outcome is deterministic.
/// </summary>
/// <remarks>
/// Built for clusters of thousands of machines and a hundred thousand units, so that the leader can
/// decide again on every registry change. Units and machines are indexes (in name and ID order, so
/// index order is the tie-break order); loads are kept up to date instead of counted; the least-loaded
/// machine comes from a sorted load order; and only "entangled" units (those that take part in a
/// conflict or a replace) are looked at when checking who may share a machine.
/// </remarks>
internal sealed class SchedulingPass
{
    // Load orders are kept sorted on every assign; past this many metadata groups, a scan is cheaper.
    private const int MaxLoadOrders = 32;

    private readonly ClusterView view;
    private readonly ClusterUnit[] units;
    private readonly UnitNameIndex names;
    private readonly ClusterMachine[] machines;
    private readonly Dictionary<string, int> machineIndex = new(StringComparer.Ordinal);
    private readonly int[] candidates;
    private readonly ReplaceGraph replaces;
    private readonly ConflictGraph conflicts;
    private readonly MachineLoads loads;

    // A unit that may conflict with, replace or be replaced by another assignable unit. Only these can
    // block a machine or be pushed off one, so per-machine checks skip every other unit.
    private readonly bool[] entangled;
    private readonly int[][] followersOf;
    private readonly int[][] waitsFor;

    // Per check stage, the assignable units that stage can find a reason against, in name order: a unit
    // without machine or metadata rules always passes its own check, one without peers too the peer
    // check, and one that is not entangled too the neighbour check. Only these are visited.
    private readonly Dictionary<CheckStage, int[]> mayFail;

    // Unit -> machine as the plan stands so far (-1: none), and per machine its entangled units in name order.
    private readonly int[] assignedTo;
    private readonly SortedSet<int>?[] entangledOn;

    private readonly List<Unschedule> unschedules = [];

    // Schedules in the order made; an evicted unit's entry becomes null so the others keep their order.
    private readonly List<Schedule?> schedules = [];
    private readonly Dictionary<int, int> scheduleOf = [];
    private readonly SortedDictionary<int, string> unplaceable = [];
    private readonly SortedSet<int> pending = [];

    private readonly Dictionary<string, int[]> candidatesById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MachineGroup> groups = new(StringComparer.Ordinal);
    private readonly MachineGroup?[] groupOf;
    private readonly MachineGroup everyCandidate;
    private int loadOrders;

    // Before placement a follower keeps its machine while its peer still awaits one: the peer is steered
    // there, so the follower does not leave and come straight back. Afterwards peers are checked strictly.
    private bool peersPlaced;

    public SchedulingPass(ClusterView view)
    {
        this.view = view;
        var seenUnits = new HashSet<string>(StringComparer.Ordinal);
        foreach (var unit in view.Units)
        {
            if (!seenUnits.Add(unit.Name))
            {
                throw new ArgumentException($"unit {unit.Name} appears twice in the view", nameof(view));
            }
        }

        foreach (var machine in view.Machines)
        {
            if (!machineIndex.TryAdd(machine.Id, 0))
            {
                throw new ArgumentException($"machine {machine.Id} appears twice in the view", nameof(view));
            }
        }

        units = [.. view.Units];
        Array.Sort(units, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        names = new UnitNameIndex([.. units.Select(u => u.Name)]);
        machines = [.. view.Machines];
        Array.Sort(machines, (a, b) => string.CompareOrdinal(a.Id, b.Id));
        for (var m = 0; m < machines.Length; m++)
        {
            machineIndex[machines[m].Id] = m;
        }

        // Only machines with a live lease take new units; the ID order is the tie-break.
        candidates = [.. Enumerable.Range(0, machines.Length).Where(m => machines[m].IsPresent)];
        replaces = new ReplaceGraph(units, names);
        conflicts = new ConflictGraph(units, names);
        loads = new MachineLoads(units, names, conflicts, machines);
        entangled = Entangled();
        (followersOf, waitsFor) = Peers();
        mayFail = MayFail();

        assignedTo = new int[units.Length];
        Array.Fill(assignedTo, -1);
        entangledOn = new SortedSet<int>?[machines.Length];
        groupOf = new MachineGroup?[units.Length];
        everyCandidate = new MachineGroup(candidates);
    }

    public Plan Run()
    {
        DropStaleAssignments();
        DropAssignmentsThatNoLongerFit();
        PlacePending();
        peersPlaced = true;
        if (DropAssignmentsThatNoLongerFit())
        {
            PlacePending();
        }

        // The plan is the net change. A unit that the search took off a machine and later put back on
        // the same machine never really moved: sending both steps would restart it for nothing.
        var made = schedules.OfType<Schedule>().ToList();
        var returned = made.Select(s => (s.Unit, s.Machine)).ToHashSet();
        returned.IntersectWith(unschedules.Select(u => (u.Unit, u.Machine)));
        return new Plan(
            [.. unschedules.Where(u => !returned.Contains((u.Unit, u.Machine)))],
            [.. made.Where(s => !returned.Contains((s.Unit, s.Machine)))],
            [.. unplaceable.Select(p => new Unplaceable(names[p.Key], p.Value))]);
    }

    private bool[] Entangled()
    {
        // Conflicts need a pattern on one side and a match on the other; both are assignable units when
        // they meet on a machine, so only patterns of assignable units mark the units they name.
        var named = new bool[units.Length];
        var resolved = new HashSet<int[]>(ReferenceEqualityComparer.Instance);
        for (var u = 0; u < units.Length; u++)
        {
            if (!units[u].NeedsMachine)
            {
                continue;
            }

            foreach (var matched in conflicts.Matched(u))
            {
                // Units with the same pattern share one match array; marking it once is enough.
                if (resolved.Add(matched))
                {
                    foreach (var other in matched)
                    {
                        named[other] = true;
                    }
                }
            }
        }

        return [.. Enumerable.Range(0, units.Length).Select(u =>
            conflicts.HasPatterns(u) || named[u] || replaces.HasTargets(u) || replaces.IsTarget(u))];
    }

    private (int[][] FollowersOf, int[][] WaitsFor) Peers()
    {
        var followers = new List<int>?[units.Length];
        var waits = new int[units.Length][];
        for (var u = 0; u < units.Length; u++)
        {
            var peers = new List<int>(0);
            foreach (var peer in units[u].Requirements.MachineOf)
            {
                var p = names.IndexOf(peer);
                if (p < 0)
                {
                    continue;
                }

                // Units are visited in name order, so each list is in name order; a peer named twice counts once.
                var list = followers[p] ??= [];
                if (list.Count == 0 || list[^1] != u)
                {
                    list.Add(u);
                }

                if (p != u)
                {
                    peers.Add(p);
                }
            }

            waits[u] = [.. peers];
        }

        return ([.. followers.Select(list => list is null ? [] : list.ToArray())], waits);
    }

    private Dictionary<CheckStage, int[]> MayFail()
    {
        var assignable = Enumerable.Range(0, units.Length).Where(u => units[u].NeedsMachine).ToList();
        var own = assignable.Where(u => units[u].Requirements is { } r
            && (r.MachineId is not null || r.Metadata.Count > 0 || r.MetadataNot.Count > 0)).ToHashSet();
        var peers = own.Union(assignable.Where(u => units[u].Requirements.MachineOf.Count > 0)).ToHashSet();
        return new()
        {
            [CheckStage.Own] = [.. assignable.Where(own.Contains)],
            [CheckStage.Peers] = [.. assignable.Where(peers.Contains)],
            [CheckStage.Neighbours] = [.. assignable.Where(u => peers.Contains(u) || entangled[u])],
        };
    }

    private void DropStaleAssignments()
    {
        foreach (var (name, machineId) in view.Assignments.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string? reason = null;
            var u = names.IndexOf(name);
            var m = machineIndex.GetValueOrDefault(machineId, -1);
            if (u < 0)
            {
                reason = "unit is not submitted";
            }
            else if (units[u].IsGlobal)
            {
                reason = "global units are not scheduled by the engine";
            }
            else if (units[u].Desired == DesiredState.Inactive)
            {
                reason = "desired state is inactive";
            }
            else if (m < 0)
            {
                reason = $"machine {machineId} is not in the cluster";
            }
            else if (view.IsGone(machines[m]))
            {
                reason = $"machine {machineId} is gone";
            }

            if (reason is null)
            {
                Assign(u, m);
            }
            else
            {
                unschedules.Add(new Unschedule(name, machineId, reason));
            }
        }
    }

    // Repeat until stable: moving one unit can break a MachineOf peer that was checked earlier.
    // Each unit's own rules settle first, then peers, then neighbours, so nothing is pushed off by a
    // unit that leaves anyway (non-short-circuit | runs every stage).
    private bool DropAssignmentsThatNoLongerFit() =>
        DropAssignmentsThatNoLongerFit(CheckStage.Own)
        | DropAssignmentsThatNoLongerFit(CheckStage.Peers)
        | DropAssignmentsThatNoLongerFit(CheckStage.Neighbours);

    private bool DropAssignmentsThatNoLongerFit(CheckStage stage)
    {
        var any = false;
        bool changed;
        do
        {
            changed = false;

            // Name order; a unit evicted earlier in the round (as a follower) is skipped.
            foreach (var u in mayFail[stage])
            {
                var m = assignedTo[u];
                if (m >= 0 && ReasonToLeave(u, m, stage) is { } reason)
                {
                    Evict(u, m, reason);
                    changed = any = true;
                }
            }
        }
        while (changed);
        return any;
    }

    private string? ReasonToLeave(int u, int m, CheckStage stage)
    {
        var requirements = units[u].Requirements;
        var machine = machines[m];
        if (!PlacementRules.MatchesMachineId(requirements.MachineId, machine.Id))
        {
            return $"unit requires machine {requirements.MachineId}";
        }

        if (!PlacementRules.MatchesMetadata(requirements, machine))
        {
            return $"machine {machine.Id} no longer has metadata {PlacementRules.FirstMetadataMismatch(requirements, machine)}";
        }

        if (stage == CheckStage.Own)
        {
            return null;
        }

        foreach (var peer in requirements.MachineOf)
        {
            var p = names.IndexOf(peer);
            var peerMachine = p < 0 ? -1 : assignedTo[p];
            if (peerMachine < 0 && !peersPlaced && p >= 0 && units[p].NeedsMachine)
            {
                continue;
            }

            if (peerMachine != m)
            {
                return $"peer {peer} is not on machine {machine.Id}";
            }
        }

        if (stage == CheckStage.Peers || !entangled[u] || entangledOn[m] is not { } neighbours)
        {
            return null;
        }

        foreach (var other in neighbours)
        {
            if (replaces.Replaces(other, u))
            {
                return $"replaced by {names[other]}";
            }

            // Of two conflicting units the one later by name moves, so the outcome is deterministic.
            if (other < u && conflicts.Conflict(u, other))
            {
                return $"conflicts with {names[other]}";
            }
        }

        return null;
    }

    private void PlacePending()
    {
        // Built in one go: a sorted set merges a sorted set in linear time, unlike one add per unit.
        pending.UnionWith(new SortedSet<int>(Enumerable.Range(0, units.Length).Where(u => units[u].NeedsMachine && assignedTo[u] < 0)));

        // A unit that failed may fit once later units were evicted by Replaces; retry until nothing changes.
        for (var round = 0; ; round++)
        {
            PlaceInNameOrder();
            var retry = unplaceable.Keys.Where(u => ChooseMachine(u).Machine >= 0).ToList();
            if (retry.Count == 0 || round > units.Length)
            {
                break;
            }

            foreach (var u in retry)
            {
                unplaceable.Remove(u);
                pending.Add(u);
            }
        }

        foreach (var u in pending)
        {
            unplaceable[u] = "";
        }

        // Reasons describe the final state, not the moment the unit was tried, so the next decision
        // over the applied plan reports the same text.
        foreach (var u in unplaceable.Keys.ToList())
        {
            unplaceable[u] = ChooseMachine(u).Reason ?? "evicted repeatedly by replacing units";
        }
    }

    private void PlaceInNameOrder()
    {
        // Evictions by Replaces re-queue units; acyclic replaces make this finite, the cap makes it certain.
        var passes = 0;
        var maxPasses = (units.Length * 2) + 2;
        bool progress;
        do
        {
            progress = false;
            foreach (var u in pending.ToList())
            {
                // A unit waits for peers that are still to be placed, so it can follow them.
                if (WaitsForPeer(u))
                {
                    continue;
                }

                pending.Remove(u);
                progress = true;
                Place(u);
            }
        }
        while (progress && ++passes < maxPasses);
    }

    private bool WaitsForPeer(int u)
    {
        foreach (var peer in waitsFor[u])
        {
            if (pending.Contains(peer))
            {
                return true;
            }
        }

        return false;
    }

    private void Place(int u)
    {
        var (m, reason) = ChooseMachine(u);
        if (m < 0)
        {
            unplaceable[u] = reason!;
            return;
        }

        unplaceable.Remove(u);
        Assign(u, m);
        scheduleOf[u] = schedules.Count;
        schedules.Add(new Schedule(names[u], machines[m].Id));
        if (replaces.HasTargets(u) && entangledOn[m] is { } neighbours)
        {
            foreach (var other in neighbours.ToArray())
            {
                if (replaces.Replaces(u, other))
                {
                    Evict(other, m, $"replaced by {names[u]}");
                }
            }
        }
    }

    private void Evict(int u, int m, string reason)
    {
        if (!Unassign(u))
        {
            return;
        }

        // A unit placed earlier in this pass simply loses its schedule; only real assignments are undone.
        if (scheduleOf.Remove(u, out var index))
        {
            schedules[index] = null;
        }
        else
        {
            unschedules.Add(new Unschedule(names[u], machines[m].Id, reason));
        }

        pending.Add(u);

        // Units bound to the evicted one follow it.
        foreach (var follower in followersOf[u].Where(f => assignedTo[f] == m).ToList())
        {
            Evict(follower, m, $"peer {names[u]} moved");
        }
    }

    // Filters in the order users think about them, so the reason names the rule that ruled out the last machine.
    private (int Machine, string? Reason) ChooseMachine(int u)
    {
        var requirements = units[u].Requirements;
        if (candidates.Length == 0)
        {
            return (-1, "no machines in the cluster");
        }

        // Null: every candidate, the common case, served by the shared groups and their load orders.
        int[]? restricted = null;
        if (requirements.MachineId is { } id)
        {
            restricted = CandidatesMatching(id);
            if (restricted.Length == 0)
            {
                return (-1, $"machine {id} is not in the cluster");
            }
        }

        if (requirements.MachineOf.Count > 0)
        {
            var peerMachines = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var peer in requirements.MachineOf)
            {
                var p = names.IndexOf(peer);
                if (p < 0 || assignedTo[p] < 0)
                {
                    return (-1, $"peer {peer} is not scheduled");
                }

                peerMachines[peer] = assignedTo[p];
            }

            var distinct = peerMachines.Values.Distinct().ToList();
            if (distinct.Count > 1)
            {
                return (-1, $"peers {string.Join(", ", peerMachines.Keys)} are on different machines");
            }

            restricted = [.. (restricted ?? candidates).Where(m => m == distinct[0])];
            if (restricted.Length == 0)
            {
                return (-1, $"peer {peerMachines.Keys.First()} is on machine {machines[distinct[0]].Id}, which takes no new units");
            }
        }

        MachineGroup? group = null;
        int[] fits;
        if (restricted is null)
        {
            group = groupOf[u] ??= GroupFor(requirements);
            fits = group.Machines;
            if (fits.Length == 0)
            {
                return (-1, group.EmptyReason ??= MetadataReason(units[u], candidates));
            }
        }
        else
        {
            fits = [.. restricted.Where(m => PlacementRules.MatchesMetadata(requirements, machines[m]))];
            if (fits.Length == 0)
            {
                return (-1, MetadataReason(units[u], restricted));
            }
        }

        if (HasFollowersInPlay(u))
        {
            return ChooseWithFollowers(u, fits);
        }

        var chosen = group?.Order is { } order ? FirstFitting(u, order) : LeastLoadedFitting(u, fits);
        return chosen >= 0 ? (chosen, null) : (-1, ConflictReason(u, fits));
    }

    private int[] CandidatesMatching(string id)
    {
        if (!candidatesById.TryGetValue(id, out var matching))
        {
            candidatesById[id] = matching = [.. candidates.Where(m => PlacementRules.MatchesMachineId(id, machines[m].Id))];
        }

        return matching;
    }

    /// <summary>The candidates that satisfy the metadata rules, shared by every unit with the same rules.</summary>
    private MachineGroup GroupFor(FleetRequirements requirements)
    {
        if (requirements.Metadata.Count == 0 && requirements.MetadataNot.Count == 0)
        {
            return Ordered(everyCandidate);
        }

        var key = MetadataKey(requirements);
        if (!groups.TryGetValue(key, out var group))
        {
            groups[key] = group = new MachineGroup([.. candidates.Where(m => PlacementRules.MatchesMetadata(requirements, machines[m]))]);
        }

        return Ordered(group);
    }

    private MachineGroup Ordered(MachineGroup group)
    {
        if (group.Order is null && group.Machines.Length > 0 && loadOrders < MaxLoadOrders)
        {
            var order = new LoadOrder();
            foreach (var m in group.Machines)
            {
                order.Add(m, loads.Load(m));
                loads.Track(m, order);
            }

            group.Order = order;
            loadOrders++;
        }

        return group;
    }

    // Rules with the same keys and the same values in the same order select the same machines and read
    // the same in a reason. Lengths are written out so that no two rule sets share a key.
    private static string MetadataKey(FleetRequirements requirements)
    {
        var key = new System.Text.StringBuilder();
        Append(requirements.Metadata);
        key.Append('!');
        Append(requirements.MetadataNot);
        return key.ToString();

        void Append(IReadOnlyDictionary<string, IReadOnlyList<string>> rules)
        {
            foreach (var (name, values) in rules.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                key.Append(name.Length).Append(':').Append(name).Append(values.Count).Append(':');
                foreach (var value in values)
                {
                    key.Append(value.Length).Append(':').Append(value);
                }
            }
        }
    }

    // Without followers waiting or placed, the choice with followers comes down to the least-loaded fitting machine.
    private bool HasFollowersInPlay(int u)
    {
        foreach (var follower in followersOf[u])
        {
            if (pending.Contains(follower) || assignedTo[follower] >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private int FirstFitting(int u, LoadOrder order)
    {
        if (!entangled[u])
        {
            return order.Least;
        }

        foreach (var m in order.Machines)
        {
            if (Blocker(u, m) < 0)
            {
                return m;
            }
        }

        return -1;
    }

    private int LeastLoadedFitting(int u, int[] fits)
    {
        // `fits` is in ID order, so the first machine of the lowest load wins ties.
        int best = -1, bestLoad = 0;
        foreach (var m in fits)
        {
            var load = loads.Load(m);
            if ((best < 0 || load < bestLoad) && Blocker(u, m) < 0)
            {
                best = m;
                bestLoad = load;
            }
        }

        return best;
    }

    private string ConflictReason(int u, int[] fits)
    {
        var blockers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var m in fits)
        {
            if (Blocker(u, m) is var blocker and >= 0)
            {
                blockers.Add(names[blocker]);
            }
        }

        return $"conflicts with {string.Join(", ", blockers)} on every candidate";
    }

    // A unit with MachineOf followers waiting or already placed looks at every fitting machine.
    private (int Machine, string? Reason) ChooseWithFollowers(int u, int[] fits)
    {
        var fitting = fits.Where(m => Blocker(u, m) < 0).ToList();
        if (fitting.Count == 0)
        {
            return (-1, ConflictReason(u, fits));
        }

        // Prefer machines where the units that follow this one (MachineOf) can run too: they move together.
        var followers = followersOf[u].Where(pending.Contains).ToList();
        var together = fitting.Where(m => followers.All(f => CanHost(f, m, u))).ToList();
        if (together.Count > 0)
        {
            fitting = together;
        }

        // Followers that kept their machine while this unit was unplaced draw it there.
        var hosts = followersOf[u].Select(f => assignedTo[f]).ToHashSet();
        var atHosts = fitting.Where(hosts.Contains).ToList();
        if (atHosts.Count > 0)
        {
            fitting = atHosts;
        }

        return (fitting.MinBy(m => (loads.Load(m), m)), null);
    }

    private string MetadataReason(ClusterUnit unit, int[] machinesLeft)
    {
        var requirements = unit.Requirements;
        foreach (var (key, values) in requirements.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!machinesLeft.Any(m => PlacementRules.HasMetadata(machines[m], key, values)))
            {
                return $"no machine has metadata {PlacementRules.Describe(key, "=", values)}";
            }
        }

        foreach (var (key, values) in requirements.MetadataNot.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!machinesLeft.Any(m => PlacementRules.LacksMetadata(machines[m], key, values)))
            {
                return $"every machine has metadata {PlacementRules.Describe(key, "=", values)}";
            }
        }

        // Each rule holds somewhere, but never all on one machine.
        var all = requirements.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => PlacementRules.Describe(p.Key, "=", p.Value))
            .Concat(requirements.MetadataNot.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => PlacementRules.Describe(p.Key, "!=", p.Value)));
        return $"no machine has metadata {string.Join(" and ", all)}";
    }

    /// <summary>A unit on the machine that keeps <paramref name="u"/> away (the first by name), or -1.</summary>
    private int Blocker(int u, int m)
    {
        if (!entangled[u] || entangledOn[m] is not { } neighbours)
        {
            return -1;
        }

        foreach (var other in neighbours)
        {
            // A unit this one replaces will be moved off, so it does not block.
            if (replaces.Replaces(u, other))
            {
                continue;
            }

            if (conflicts.Conflict(u, other) || replaces.Replaces(other, u))
            {
                return other;
            }
        }

        return -1;
    }

    private bool CanHost(int follower, int m, int leader)
    {
        var requirements = units[follower].Requirements;
        return PlacementRules.MatchesMachineId(requirements.MachineId, machines[m].Id)
            && PlacementRules.MatchesMetadata(requirements, machines[m])
            && !conflicts.Conflict(follower, leader)
            && Blocker(follower, m) < 0;
    }

    private void Assign(int u, int m)
    {
        Unassign(u);
        assignedTo[u] = m;
        loads.Assign(u, m);
        if (entangled[u])
        {
            (entangledOn[m] ??= []).Add(u);
        }
    }

    private bool Unassign(int u)
    {
        var m = assignedTo[u];
        if (m < 0)
        {
            return false;
        }

        assignedTo[u] = -1;
        loads.Unassign(u, m);
        entangledOn[m]?.Remove(u);
        return true;
    }
}
