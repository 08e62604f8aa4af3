using Flotilla.Engine.Scheduling;

namespace Flotilla.Engine.Tests.Scheduling;

/// <summary>
/// The scheduler as it was before it was made fast (issue 4): straightforward scans over machines and
/// units, kept verbatim as the definition of the rules. <see cref="SchedulerMatchesReferenceProperties"/>
/// checks that <see cref="Scheduler.Decide"/> yields exactly its plans. Do not optimize this copy.
/// </summary>
internal sealed class ReferenceSchedulingPass
{
    private readonly ClusterView view;
    private readonly SortedDictionary<string, ClusterUnit> units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClusterMachine> machines = new(StringComparer.Ordinal);
    private readonly List<ClusterMachine> candidates;
    private readonly ReferenceReplaceGraph replaces;

    private readonly List<ClusterUnit> globals;
    private readonly Dictionary<string, List<ClusterUnit>> followersOf = new(StringComparer.Ordinal);

    // Unit name -> machine ID as the plan stands so far, and its inverse so per-machine checks do not
    // scan the whole cluster (placement would be quadratic per unit otherwise).
    private readonly SortedDictionary<string, string> assigned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> byMachine = new(StringComparer.Ordinal);
    private readonly List<Unschedule> unschedules = [];
    private readonly List<Schedule> schedules = [];
    private readonly SortedDictionary<string, string> unplaceable = new(StringComparer.Ordinal);
    private readonly SortedSet<string> pending = new(StringComparer.Ordinal);

    // Before placement a follower keeps its machine while its peer still awaits one: the peer is steered
    // there, so the follower does not leave and come straight back. Afterwards peers are checked strictly.
    private bool peersPlaced;

    public ReferenceSchedulingPass(ClusterView view)
    {
        this.view = view;
        foreach (var unit in view.Units)
        {
            if (!units.TryAdd(unit.Name, unit))
            {
                throw new ArgumentException($"unit {unit.Name} appears twice in the view", nameof(view));
            }
        }

        foreach (var machine in view.Machines)
        {
            if (!machines.TryAdd(machine.Id, machine))
            {
                throw new ArgumentException($"machine {machine.Id} appears twice in the view", nameof(view));
            }
        }

        // Only machines with a live lease take new units; the ID order is the tie-break.
        candidates = [.. machines.Values.Where(m => m.IsPresent).OrderBy(m => m.Id, StringComparer.Ordinal)];
        replaces = new ReferenceReplaceGraph([.. units.Values]);
        globals = [.. units.Values.Where(u => u.IsGlobal && u.Desired != DesiredState.Inactive)];
        foreach (var unit in units.Values)
        {
            foreach (var peer in unit.Requirements.MachineOf)
            {
                if (!followersOf.TryGetValue(peer, out var followers))
                {
                    followersOf[peer] = followers = [];
                }

                followers.Add(unit);
            }
        }
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
        var returned = schedules.Select(s => (s.Unit, s.Machine)).ToHashSet();
        returned.IntersectWith(unschedules.Select(u => (u.Unit, u.Machine)));
        return new Plan(
            [.. unschedules.Where(u => !returned.Contains((u.Unit, u.Machine)))],
            [.. schedules.Where(s => !returned.Contains((s.Unit, s.Machine)))],
            [.. unplaceable.Select(p => new Unplaceable(p.Key, p.Value))]);
    }

    private void DropStaleAssignments()
    {
        foreach (var (name, machineId) in view.Assignments.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string? reason = null;
            if (!units.TryGetValue(name, out var unit))
            {
                reason = "unit is not submitted";
            }
            else if (unit.IsGlobal)
            {
                reason = "global units are not scheduled by the engine";
            }
            else if (unit.Desired == DesiredState.Inactive)
            {
                reason = "desired state is inactive";
            }
            else if (!machines.TryGetValue(machineId, out var machine))
            {
                reason = $"machine {machineId} is not in the cluster";
            }
            else if (view.IsGone(machine))
            {
                reason = $"machine {machineId} is gone";
            }

            if (reason is null)
            {
                Assign(name, machineId);
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
            foreach (var (name, machineId) in assigned.ToList())
            {
                if (assigned.ContainsKey(name) && ReasonToLeave(units[name], machines[machineId], stage) is { } reason)
                {
                    Evict(units[name], machineId, reason);
                    changed = any = true;
                }
            }
        }
        while (changed);
        return any;
    }

    private string? ReasonToLeave(ClusterUnit unit, ClusterMachine machine, CheckStage stage)
    {
        var requirements = unit.Requirements;
        if (!PlacementRules.MatchesMachineId(requirements.MachineId, machine.Id))
        {
            return $"unit requires machine {requirements.MachineId}";
        }

        if (PlacementRules.FirstMetadataMismatch(requirements, machine) is { } mismatch)
        {
            return $"machine {machine.Id} no longer has metadata {mismatch}";
        }

        if (stage == CheckStage.Own)
        {
            return null;
        }

        foreach (var peer in requirements.MachineOf)
        {
            if (!assigned.TryGetValue(peer, out var peerMachine)
                && !peersPlaced
                && units.TryGetValue(peer, out var waiting)
                && waiting.NeedsMachine)
            {
                continue;
            }

            if (peerMachine != machine.Id)
            {
                return $"peer {peer} is not on machine {machine.Id}";
            }
        }

        if (stage == CheckStage.Peers)
        {
            return null;
        }

        foreach (var other in UnitsOn(machine.Id))
        {
            if (replaces.Replaces(other.Name, unit.Name))
            {
                return $"replaced by {other.Name}";
            }

            // Of two conflicting units the one later by name moves, so the outcome is deterministic.
            if (string.CompareOrdinal(other.Name, unit.Name) < 0 && PlacementRules.Conflict(unit, other))
            {
                return $"conflicts with {other.Name}";
            }
        }

        return null;
    }

    private void PlacePending()
    {
        foreach (var unit in units.Values.Where(u => u.NeedsMachine && !assigned.ContainsKey(u.Name)))
        {
            pending.Add(unit.Name);
        }

        // A unit that failed may fit once later units were evicted by Replaces; retry until nothing changes.
        for (var round = 0; ; round++)
        {
            PlaceInNameOrder();
            var retry = unplaceable.Keys.Where(n => ChooseMachine(units[n]).Machine is not null).ToList();
            if (retry.Count == 0 || round > units.Count)
            {
                break;
            }

            foreach (var name in retry)
            {
                unplaceable.Remove(name);
                pending.Add(name);
            }
        }

        foreach (var name in pending)
        {
            unplaceable[name] = "";
        }

        // Reasons describe the final state, not the moment the unit was tried, so the next decision
        // over the applied plan reports the same text.
        foreach (var name in unplaceable.Keys.ToList())
        {
            unplaceable[name] = ChooseMachine(units[name]).Reason ?? "evicted repeatedly by replacing units";
        }
    }

    private void PlaceInNameOrder()
    {
        // Evictions by Replaces re-queue units; acyclic replaces make this finite, the cap makes it certain.
        var passes = 0;
        var maxPasses = (units.Count * 2) + 2;
        bool progress;
        do
        {
            progress = false;
            foreach (var name in pending.ToList())
            {
                var unit = units[name];

                // A unit waits for peers that are still to be placed, so it can follow them.
                if (unit.Requirements.MachineOf.Any(p => p != name && pending.Contains(p)))
                {
                    continue;
                }

                pending.Remove(name);
                progress = true;
                Place(unit);
            }
        }
        while (progress && ++passes < maxPasses);
    }

    private void Place(ClusterUnit unit)
    {
        var (machine, reason) = ChooseMachine(unit);
        if (machine is null)
        {
            unplaceable[unit.Name] = reason!;
            return;
        }

        unplaceable.Remove(unit.Name);
        Assign(unit.Name, machine.Id);
        schedules.Add(new Schedule(unit.Name, machine.Id));
        foreach (var other in UnitsOn(machine.Id).ToList())
        {
            if (replaces.Replaces(unit.Name, other.Name))
            {
                Evict(other, machine.Id, $"replaced by {unit.Name}");
            }
        }
    }

    private void Evict(ClusterUnit unit, string machineId, string reason)
    {
        if (!Unassign(unit.Name))
        {
            return;
        }

        // A unit placed earlier in this pass simply loses its schedule; only real assignments are undone.
        var index = schedules.FindIndex(s => s.Unit == unit.Name);
        if (index >= 0)
        {
            schedules.RemoveAt(index);
        }
        else
        {
            unschedules.Add(new Unschedule(unit.Name, machineId, reason));
        }

        pending.Add(unit.Name);

        // Units bound to the evicted one follow it.
        foreach (var follower in UnitsOn(machineId).Where(u => u.Requirements.MachineOf.Contains(unit.Name)).ToList())
        {
            Evict(follower, machineId, $"peer {unit.Name} moved");
        }
    }

    // Filters in the order users think about them, so the reason names the rule that ruled out the last machine.
    private (ClusterMachine? Machine, string? Reason) ChooseMachine(ClusterUnit unit)
    {
        var requirements = unit.Requirements;
        if (candidates.Count == 0)
        {
            return (null, "no machines in the cluster");
        }

        IEnumerable<ClusterMachine> set = candidates;
        if (requirements.MachineId is { } id)
        {
            set = set.Where(m => PlacementRules.MatchesMachineId(id, m.Id)).ToList();
            if (!set.Any())
            {
                return (null, $"machine {id} is not in the cluster");
            }
        }

        var peerMachines = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var peer in requirements.MachineOf)
        {
            if (!assigned.TryGetValue(peer, out var peerMachine))
            {
                return (null, $"peer {peer} is not scheduled");
            }

            peerMachines[peer] = peerMachine;
        }

        if (peerMachines.Count > 0)
        {
            var distinct = peerMachines.Values.Distinct().ToList();
            if (distinct.Count > 1)
            {
                return (null, $"peers {string.Join(", ", peerMachines.Keys)} are on different machines");
            }

            set = set.Where(m => m.Id == distinct[0]).ToList();
            if (!set.Any())
            {
                return (null, $"peer {peerMachines.Keys.First()} is on machine {distinct[0]}, which takes no new units");
            }
        }

        var beforeMetadata = set.ToList();
        set = beforeMetadata.Where(m => PlacementRules.MatchesMetadata(requirements, m)).ToList();
        if (!set.Any())
        {
            return (null, MetadataReason(unit, beforeMetadata));
        }

        var blockers = new SortedSet<string>(StringComparer.Ordinal);
        var fitting = new List<ClusterMachine>();
        foreach (var machine in set)
        {
            if (Blocker(unit, machine) is { } blocker)
            {
                blockers.Add(blocker);
            }
            else
            {
                fitting.Add(machine);
            }
        }

        if (fitting.Count == 0)
        {
            return (null, $"conflicts with {string.Join(", ", blockers)} on every candidate");
        }

        // Prefer machines where the units that follow this one (MachineOf) can run too: they move together.
        var followers = (followersOf.GetValueOrDefault(unit.Name) ?? []).Where(u => pending.Contains(u.Name)).ToList();
        var together = fitting.Where(m => followers.All(f => CanHost(f, m, unit))).ToList();
        if (together.Count > 0)
        {
            fitting = together;
        }

        // Followers that kept their machine while this unit was unplaced draw it there.
        var hosts = (followersOf.GetValueOrDefault(unit.Name) ?? [])
            .Select(f => assigned.GetValueOrDefault(f.Name))
            .ToHashSet(StringComparer.Ordinal);
        var atHosts = fitting.Where(m => hosts.Contains(m.Id)).ToList();
        if (atHosts.Count > 0)
        {
            fitting = atHosts;
        }

        var chosen = fitting
            .OrderBy(Load)
            .ThenBy(m => m.Id, StringComparer.Ordinal)
            .First();
        return (chosen, null);
    }

    private static string MetadataReason(ClusterUnit unit, List<ClusterMachine> machinesLeft)
    {
        var requirements = unit.Requirements;
        foreach (var (key, values) in requirements.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!machinesLeft.Any(m => PlacementRules.HasMetadata(m, key, values)))
            {
                return $"no machine has metadata {PlacementRules.Describe(key, "=", values)}";
            }
        }

        foreach (var (key, values) in requirements.MetadataNot.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!machinesLeft.Any(m => PlacementRules.LacksMetadata(m, key, values)))
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

    /// <summary>The name of a unit on the machine that keeps <paramref name="unit"/> away, or null.</summary>
    private string? Blocker(ClusterUnit unit, ClusterMachine machine)
    {
        foreach (var other in UnitsOn(machine.Id))
        {
            // A unit this one replaces will be moved off, so it does not block.
            if (replaces.Replaces(unit.Name, other.Name))
            {
                continue;
            }

            if (PlacementRules.Conflict(unit, other) || replaces.Replaces(other.Name, unit.Name))
            {
                return other.Name;
            }
        }

        return null;
    }

    private bool CanHost(ClusterUnit follower, ClusterMachine machine, ClusterUnit leader) =>
        PlacementRules.MatchesMachineId(follower.Requirements.MachineId, machine.Id)
        && PlacementRules.MatchesMetadata(follower.Requirements, machine)
        && !PlacementRules.Conflict(follower, leader)
        && Blocker(follower, machine) is null;

    /// <summary>Scheduled non-global units plus the global units the machine qualifies for.</summary>
    private int Load(ClusterMachine machine)
    {
        var onMachine = UnitsOn(machine.Id).ToList();
        var qualifying = globals.Count(g =>
            PlacementRules.MatchesMetadata(g.Requirements, machine)
            && !onMachine.Any(u => PlacementRules.Conflict(g, u)));
        return onMachine.Count + qualifying;
    }

    private IEnumerable<ClusterUnit> UnitsOn(string machineId) =>
        byMachine.TryGetValue(machineId, out var names) ? names.Select(n => units[n]) : [];

    private void Assign(string unit, string machineId)
    {
        Unassign(unit);
        assigned[unit] = machineId;
        if (!byMachine.TryGetValue(machineId, out var names))
        {
            byMachine[machineId] = names = new SortedSet<string>(StringComparer.Ordinal);
        }

        names.Add(unit);
    }

    private bool Unassign(string unit)
    {
        if (!assigned.Remove(unit, out var machineId))
        {
            return false;
        }

        byMachine[machineId].Remove(unit);
        return true;
    }
}
