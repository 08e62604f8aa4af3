namespace Flotilla.Units.Fleet;

/// <summary>
/// A unit's placement rules from its <c>[X-Fleet]</c> section, with specifiers expanded and legacy
/// key names folded into the current ones.
/// </summary>
public sealed record FleetRequirements
{
    // Declared before None: static fields initialize in textual order and None reads this one.
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> EmptyMetadata =
        new Dictionary<string, IReadOnlyList<string>>();

    public static readonly FleetRequirements None = new();

    /// <summary>The machine the unit must run on (full or 8-character short ID), or null.</summary>
    public string? MachineId { get; init; }

    /// <summary>Units that must run on the same machine (exact names).</summary>
    public IReadOnlyList<string> MachineOf { get; init; } = [];

    /// <summary>Required metadata: every key must be present, with one of its values (ORed).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Metadata { get; init; } = EmptyMetadata;

    /// <summary>Forbidden metadata (the <c>k!=v</c> extension): the machine must not have any of these values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> MetadataNot { get; init; } = EmptyMetadata;

    /// <summary>Globs of units that must not share a machine with this one (checked both ways).</summary>
    public IReadOnlyList<string> Conflicts { get; init; } = [];

    /// <summary>Runs on every qualifying machine instead of being placed by the engine.</summary>
    public bool Global { get; init; }

    /// <summary>Globs of units this one pushes off its machine.</summary>
    public IReadOnlyList<string> Replaces { get; init; } = [];

}
