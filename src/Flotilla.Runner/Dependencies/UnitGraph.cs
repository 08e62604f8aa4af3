using Flotilla.Units.Services;

namespace Flotilla.Runner.Dependencies;

/// <summary>
/// The loaded units of one machine with their dependencies in both directions. systemd derives the
/// reverse of every dependency (RequiredBy=, BoundBy=, ConsistsOf=, RequisiteOf=, ConflictedBy=) and
/// merges After=/Before= into one ordering relation; this type does the same once, so the planner asks
/// questions instead of scanning every unit.
/// </summary>
internal sealed class UnitGraph
{
    private static readonly IReadOnlyList<string> NoUnits = [];

    private readonly Dictionary<string, UnitSnapshot> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _requiredBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _boundBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _requisiteOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _consistsOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _conflictedBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _before = new(StringComparer.Ordinal);

    public UnitGraph(IEnumerable<UnitSnapshot> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        foreach (var unit in units)
        {
            _units[unit.Name] = unit;
        }

        foreach (var unit in _units.Values)
        {
            var name = unit.Name;
            var dependencies = unit.Dependencies;
            AddReverse(_requiredBy, dependencies.Requires, name);
            AddReverse(_boundBy, dependencies.BindsTo, name);
            AddReverse(_requisiteOf, dependencies.Requisite, name);
            AddReverse(_consistsOf, dependencies.PartOf, name);
            AddReverse(_conflictedBy, dependencies.Conflicts, name);
            foreach (var later in dependencies.Before)
            {
                AddOrdering(name, later);
            }

            foreach (var earlier in dependencies.After)
            {
                AddOrdering(earlier, name);
            }
        }
    }

    /// <summary>Builds a graph from the two maps a caller usually has; a unit without a state is inactive.</summary>
    public static UnitGraph From(
        IReadOnlyDictionary<string, UnitDependencies> dependencies,
        IReadOnlyDictionary<string, UnitActiveState> activeStates)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        ArgumentNullException.ThrowIfNull(activeStates);
        return new UnitGraph(dependencies.Select(pair => new UnitSnapshot(
            pair.Key,
            pair.Value,
            activeStates.TryGetValue(pair.Key, out var state) ? state : UnitActiveState.Inactive)));
    }

    public IEnumerable<UnitSnapshot> Units => _units.Values;

    public UnitSnapshot? Find(string unit) => _units.GetValueOrDefault(unit);

    /// <summary>
    /// Units whose stop (and restart) follows this unit's explicit stop (restart): those that Require=,
    /// BindsTo=, Requisite= it or are PartOf= it. Sorted, so plans do not depend on hash order.
    /// </summary>
    public IReadOnlyList<string> StopPropagatesTo(string unit) =>
        Sorted(Lookup(_requiredBy, unit).Concat(Lookup(_boundBy, unit)).Concat(Lookup(_requisiteOf, unit)).Concat(Lookup(_consistsOf, unit)));

    /// <summary>Units that must stop whenever this unit becomes inactive (they have BindsTo= on it).</summary>
    public IReadOnlyList<string> BoundBy(string unit) => Sorted(Lookup(_boundBy, unit));

    /// <summary>Units whose pending start fails when this unit's start fails (Requires=, BindsTo=, Requisite= on it).</summary>
    public IReadOnlyList<string> StartFailurePropagatesTo(string unit) =>
        Sorted(Lookup(_requiredBy, unit).Concat(Lookup(_boundBy, unit)).Concat(Lookup(_requisiteOf, unit)));

    /// <summary>Units that declared Conflicts= on this unit (the reverse direction of a conflict).</summary>
    public IReadOnlyList<string> ConflictedBy(string unit) => Sorted(Lookup(_conflictedBy, unit));

    /// <summary>Whether <paramref name="earlier"/> is ordered before <paramref name="later"/> (by either unit's After=/Before=).</summary>
    public bool IsOrderedBefore(string earlier, string later) =>
        _before.TryGetValue(earlier, out var laters) && laters.Contains(later);

    /// <summary>Units ordered after this one.</summary>
    public IEnumerable<string> OrderedAfter(string unit) =>
        _before.TryGetValue(unit, out var laters) ? laters : NoUnits;

    private void AddOrdering(string earlier, string later)
    {
        // A unit ordered against itself orders nothing: there is only one job per unit to run at a time.
        if (string.Equals(earlier, later, StringComparison.Ordinal))
        {
            return;
        }

        if (!_before.TryGetValue(earlier, out var laters))
        {
            laters = new HashSet<string>(StringComparer.Ordinal);
            _before[earlier] = laters;
        }

        laters.Add(later);
    }

    private static void AddReverse(Dictionary<string, List<string>> reverse, IReadOnlyList<string> targets, string source)
    {
        foreach (var target in targets)
        {
            if (string.Equals(target, source, StringComparison.Ordinal))
            {
                continue;
            }

            if (!reverse.TryGetValue(target, out var sources))
            {
                sources = [];
                reverse[target] = sources;
            }

            sources.Add(source);
        }
    }

    private static IEnumerable<string> Lookup(Dictionary<string, List<string>> reverse, string unit) =>
        reverse.TryGetValue(unit, out var sources) ? sources : NoUnits;

    private static List<string> Sorted(IEnumerable<string> units) =>
        units.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
