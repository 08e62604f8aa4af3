namespace Flotilla.Engine.Scheduling;

/// <summary>
/// Machines ordered by (load, ID), the order placement prefers them in: the least-loaded machine is
/// the first entry instead of the result of a scan over the cluster for every unit.
/// </summary>
internal sealed class LoadOrder
{
    // Machine indexes follow machine-ID order, so comparing (load, index) is comparing (load, ID).
    private readonly SortedSet<(int Load, int Machine)> order = [];

    public void Add(int machine, int load) => order.Add((load, machine));

    public void Move(int machine, int from, int to)
    {
        order.Remove((from, machine));
        order.Add((to, machine));
    }

    public int Least => order.Min.Machine;

    /// <summary>Least loaded first; ties in machine-ID order.</summary>
    public IEnumerable<int> Machines => order.Select(entry => entry.Machine);
}
