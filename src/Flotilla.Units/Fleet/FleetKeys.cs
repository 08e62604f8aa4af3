namespace Flotilla.Units.Fleet;

/// <summary>The <c>[X-Fleet]</c> keys fleet understood, legacy spellings included (case-sensitive).</summary>
public static class FleetKeys
{
    public const string Section = "X-Fleet";
    public const string MachineId = "MachineID";
    public const string LegacyMachineId = "X-ConditionMachineID";
    public const string LegacyMachineBootId = "X-ConditionMachineBootID";
    public const string MachineOf = "MachineOf";
    public const string LegacyMachineOf = "X-ConditionMachineOf";
    public const string MachineMetadata = "MachineMetadata";
    public const string LegacyMachineMetadata = "X-ConditionMachineMetadata";
    public const string Conflicts = "Conflicts";
    public const string LegacyConflicts = "X-Conflicts";
    public const string Global = "Global";
    public const string Replaces = "Replaces";

    public static bool IsKnown(string key) => key is MachineId or LegacyMachineId or LegacyMachineBootId
        or MachineOf or LegacyMachineOf or MachineMetadata or LegacyMachineMetadata
        or Conflicts or LegacyConflicts or Global or Replaces;
}
