using Flotilla.Registry.Layout;

namespace Flotilla.Api.Fleet;

/// <summary>
/// fleet's derived current state of a unit: inactive when it is not scheduled or nothing reports it,
/// launched when the machine it runs on reports it active, otherwise loaded. A global unit has no
/// single machine: it counts as launched when any machine runs it.
/// </summary>
public static class CurrentStateRule
{
    public static string Derive(string? assignedMachine, bool global, IEnumerable<UnitStateRecord> states)
    {
        List<UnitStateRecord> relevant = global
            ? [.. states]
            : assignedMachine is null ? [] : [.. states.Where(s => s.Machine == assignedMachine)];
        if (relevant.Count == 0)
        {
            return "inactive";
        }

        return relevant.Any(s => s.ActiveState == "active") ? "launched" : "loaded";
    }
}
