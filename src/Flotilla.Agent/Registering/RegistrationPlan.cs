using Flotilla.Runner;

namespace Flotilla.Agent.Registering;

/// <summary>
/// The pure half of <c>[X-Register]</c>: which discovery keys should exist now, and which writes turn
/// what this agent has published into that.
/// </summary>
public static class RegistrationPlan
{
    /// <summary>
    /// A unit is registered while it is active and, when it has a health check, its last check passed (a
    /// unit is not announced before its first passing check). When two units claim one key, the unit whose
    /// name sorts first keeps it, so every pass decides the same way.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Desired(IEnumerable<RegisteredUnit> units)
    {
        var desired = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (RegisteredUnit unit in units.OrderBy(u => u.Name, StringComparer.Ordinal))
        {
            bool active = unit.Status is { ActiveState: UnitActiveState.Active or UnitActiveState.Reloading };
            bool healthy = unit.Registration.HealthCheck is null || unit.Healthy == true;
            if (active && healthy)
            {
                desired.TryAdd(unit.Registration.Key, unit.Registration.Value);
            }
        }

        return desired;
    }

    /// <summary>The puts (new or changed values) and deletes (keys no longer wanted) from <paramref name="published"/> to <paramref name="desired"/>.</summary>
    public static (IReadOnlyList<KeyValuePair<string, string>> Puts, IReadOnlyList<string> Deletes) Diff(
        IReadOnlyDictionary<string, string> published,
        IReadOnlyDictionary<string, string> desired)
    {
        var puts = desired
            .Where(pair => !published.TryGetValue(pair.Key, out string? value) || value != pair.Value)
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ToList();
        var deletes = published.Keys
            .Where(key => !desired.ContainsKey(key))
            .Order(StringComparer.Ordinal)
            .ToList();
        return (puts, deletes);
    }
}
