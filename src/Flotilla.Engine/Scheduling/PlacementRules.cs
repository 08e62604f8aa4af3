using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Scheduling;

/// <summary>The per-machine and per-pair checks of fleet's <c>[X-Fleet]</c> options.</summary>
public static class PlacementRules
{
    /// <summary>fleet accepts the full machine ID or its 8-character short form.</summary>
    public static bool MatchesMachineId(string? required, string machineId) =>
        required is null
        || string.Equals(required, machineId, StringComparison.OrdinalIgnoreCase)
        || (required.Length == 8 && machineId.StartsWith(required, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the machine satisfies one required key (values ORed).</summary>
    public static bool HasMetadata(ClusterMachine machine, string key, IReadOnlyList<string> values) =>
        machine.Metadata.TryGetValue(key, out var actual) && ContainsOrdinal(values, actual);

    /// <summary>Whether the machine avoids every forbidden value of one key (an absent key passes).</summary>
    public static bool LacksMetadata(ClusterMachine machine, string key, IReadOnlyList<string> values) =>
        !machine.Metadata.TryGetValue(key, out var actual) || !ContainsOrdinal(values, actual);

    /// <summary>The first unmet metadata rule as <c>k=v</c> / <c>k!=v</c> text, or null when all hold.</summary>
    public static string? FirstMetadataMismatch(FleetRequirements requirements, ClusterMachine machine)
    {
        foreach (var (key, values) in requirements.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!HasMetadata(machine, key, values))
            {
                return Describe(key, "=", values);
            }
        }

        foreach (var (key, values) in requirements.MetadataNot.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!LacksMetadata(machine, key, values))
            {
                return Describe(key, "!=", values);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether every metadata rule holds. Same answer as <see cref="FirstMetadataMismatch"/> being null,
    /// without ordering the rules: the scheduler asks this for many machines and units.
    /// </summary>
    public static bool MatchesMetadata(FleetRequirements requirements, ClusterMachine machine)
    {
        foreach (var (key, values) in requirements.Metadata)
        {
            if (!HasMetadata(machine, key, values))
            {
                return false;
            }
        }

        foreach (var (key, values) in requirements.MetadataNot)
        {
            if (!LacksMetadata(machine, key, values))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Conflicts are checked both ways and a unit never conflicts with itself.</summary>
    public static bool Conflict(ClusterUnit a, ClusterUnit b) =>
        !string.Equals(a.Name, b.Name, StringComparison.Ordinal)
        && (a.Requirements.Conflicts.Any(p => FleetGlob.IsMatch(p, b.Name))
            || b.Requirements.Conflicts.Any(p => FleetGlob.IsMatch(p, a.Name)));

    /// <summary>Renders one rule as users wrote it, e.g. <c>region=eu or region=us</c>.</summary>
    public static string Describe(string key, string op, IReadOnlyList<string> values) =>
        string.Join(" or ", values.Select(v => key + op + v));

    private static bool ContainsOrdinal(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
