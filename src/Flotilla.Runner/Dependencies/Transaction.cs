namespace Flotilla.Runner.Dependencies;

/// <summary>
/// The jobs one request needs, how they are ordered and which failures cancel which jobs. Immutable;
/// <see cref="Jobs"/> is already in an order that honours every <see cref="Orderings"/> pair.
/// </summary>
internal sealed class Transaction
{
    private readonly Dictionary<UnitJob, List<UnitJob>> _waitsFor = [];
    private readonly Dictionary<UnitJob, List<UnitJob>> _cancelledBy = [];

    public Transaction(
        IReadOnlyList<UnitJob> jobs,
        IReadOnlyList<UnitJob> anchors,
        IReadOnlyList<JobOrdering> orderings,
        IReadOnlyList<JobCancellation> cancellations,
        IReadOnlyList<string> notes)
    {
        Jobs = jobs;
        Anchors = anchors;
        Orderings = orderings;
        Cancellations = cancellations;
        Notes = notes;
        foreach (var ordering in orderings)
        {
            Append(_waitsFor, ordering.Then, ordering.First);
        }

        foreach (var cancellation in cancellations)
        {
            Append(_cancelledBy, cancellation.Cancelled, cancellation.Trigger);
        }
    }

    /// <summary>Every job, each ordered job after those it waits for; ties broken by unit name.</summary>
    public IReadOnlyList<UnitJob> Jobs { get; }

    /// <summary>The jobs that were asked for (systemd's anchor job); the others follow from dependencies.</summary>
    public IReadOnlyList<UnitJob> Anchors { get; }

    public IReadOnlyList<JobOrdering> Orderings { get; }

    public IReadOnlyList<JobCancellation> Cancellations { get; }

    /// <summary>What the planner decided on its own, for the journal: ignored Wants=, jobs dropped to break a cycle or a conflict.</summary>
    public IReadOnlyList<string> Notes { get; }

    public bool IsEmpty => Jobs.Count == 0;

    public UnitJob? Find(string unit, JobType type) => Jobs.FirstOrDefault(job => job.Unit == unit && job.Type == type);

    public IReadOnlyList<UnitJob> WaitsFor(UnitJob job) => _waitsFor.TryGetValue(job, out var firsts) ? firsts : [];

    public IReadOnlyList<UnitJob> CancelledBy(UnitJob job) => _cancelledBy.TryGetValue(job, out var triggers) ? triggers : [];

    private static void Append(Dictionary<UnitJob, List<UnitJob>> map, UnitJob key, UnitJob value)
    {
        if (!map.TryGetValue(key, out var values))
        {
            values = [];
            map[key] = values;
        }

        values.Add(value);
    }
}
