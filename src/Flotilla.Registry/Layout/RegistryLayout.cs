using Flotilla.Registry.Errors;

namespace Flotilla.Registry.Layout;

/// <summary>
/// Where everything Flotilla shares lives in the registry: one folder per kind of record under a
/// configurable prefix, so several clusters (or tests) can share one store and discovery keys can live
/// beside them. Builds keys from names and classifies keys back for watch consumers.
/// </summary>
/// <remarks>
/// Unit names and machine IDs become path segments, so they are checked here: a name containing '/' or
/// equal to "." or ".." could land in (or list as part of) another folder, e.g. an assignment for
/// machine "a/b" would appear to belong to machine "a".
/// </remarks>
public sealed class RegistryLayout
{
    public const string DefaultPrefix = "/flotilla/";

    private const string UnitsFolder = "units/";
    private const string AssignmentsFolder = "assignments/";
    private const string MachinesFolder = "machines/";
    private const string StatesFolder = "states/";
    private const string LeaderFolder = "engine/leader/";
    private const string ReasonsFolder = "reasons/";
    private const string GlobalsFolder = "globals/";

    /// <param name="prefix">The cluster's root, e.g. <c>/flotilla/</c>; must be non-empty and end with '/'.</param>
    /// <exception cref="ArgumentException">The prefix is not a folder.</exception>
    public RegistryLayout(string prefix = DefaultPrefix)
    {
        if (string.IsNullOrEmpty(prefix) || !prefix.EndsWith('/'))
        {
            throw new ArgumentException($"registry prefix '{prefix}' must be non-empty and end with '/'", nameof(prefix));
        }

        if (prefix.Split('/').Any(segment => segment is "." or ".."))
        {
            throw new ArgumentException($"registry prefix '{prefix}' must not contain '.' or '..' segments", nameof(prefix));
        }

        Prefix = prefix;
        UnitsPrefix = prefix + UnitsFolder;
        AssignmentsPrefix = prefix + AssignmentsFolder;
        MachinesPrefix = prefix + MachinesFolder;
        StatesPrefix = prefix + StatesFolder;
        LeaderPrefix = prefix + LeaderFolder;
        ReasonsPrefix = prefix + ReasonsFolder;
        GlobalsPrefix = prefix + GlobalsFolder;
    }

    public static RegistryLayout Default { get; } = new();

    public string Prefix { get; }

    public string UnitsPrefix { get; }

    /// <summary>Every machine's assignments; see <see cref="MachineAssignmentsPrefix"/> for one machine's.</summary>
    public string AssignmentsPrefix { get; }

    public string MachinesPrefix { get; }

    public string StatesPrefix { get; }

    /// <summary>The leader election's folder, as <see cref="Election.LeaderElection"/> expects it (ends with '/').</summary>
    public string LeaderPrefix { get; }

    public string ReasonsPrefix { get; }

    /// <summary>The engine's index of global units: with its own assignments, the only folders an agent watches.</summary>
    public string GlobalsPrefix { get; }

    public string UnitKey(string unitName) => UnitsPrefix + CheckUnitName(unitName);

    public string AssignmentKey(string machineId, string unitName) =>
        MachineAssignmentsPrefix(machineId) + CheckUnitName(unitName);

    /// <summary>One machine's assignments: with <see cref="GlobalsPrefix"/>, the only folders an agent watches.</summary>
    public string MachineAssignmentsPrefix(string machineId) => AssignmentsPrefix + CheckMachineId(machineId) + "/";

    public string MachineKey(string machineId) => MachinesPrefix + CheckMachineId(machineId);

    /// <summary>
    /// The state one machine reports for one unit: keyed by unit and machine (fleet's layout), because a
    /// global unit runs on many machines at once and each reports its own state.
    /// </summary>
    public string StateKey(string unitName, string machineId) => UnitStatesPrefix(unitName) + CheckMachineId(machineId);

    /// <summary>Every machine's reported state of one unit.</summary>
    public string UnitStatesPrefix(string unitName) => StatesPrefix + CheckUnitName(unitName) + "/";


    public string ReasonKey(string unitName) => ReasonsPrefix + CheckUnitName(unitName);

    public string GlobalKey(string unitName) => GlobalsPrefix + CheckUnitName(unitName);

    /// <summary>
    /// Classifies a key of this layout, or returns null for anything else: keys outside the prefix
    /// (discovery keys), unknown folders, and keys whose names would not pass the checks above.
    /// </summary>
    public RegistryKey? Parse(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        string rest = key[Prefix.Length..];
        if (TryLeaf(rest, UnitsFolder, out string? unit))
        {
            return new RegistryKey(RegistryKeyKind.Unit, null, unit);
        }

        if (TryLeaf(rest, MachinesFolder, out string? machine))
        {
            return new RegistryKey(RegistryKeyKind.Machine, machine, null);
        }

        if (TryPair(rest, StatesFolder, out string? stateUnit, out string? stateMachine))
        {
            return new RegistryKey(RegistryKeyKind.State, stateMachine, stateUnit);
        }

        if (TryLeaf(rest, ReasonsFolder, out string? reason))
        {
            return new RegistryKey(RegistryKeyKind.Reason, null, reason);
        }

        if (TryLeaf(rest, GlobalsFolder, out string? global))
        {
            return new RegistryKey(RegistryKeyKind.Global, null, global);
        }

        if (TryLeaf(rest, LeaderFolder, out string? candidate))
        {
            return new RegistryKey(RegistryKeyKind.Leader, null, candidate);
        }

        if (TryPair(rest, AssignmentsFolder, out string? assignedMachine, out string? assignedUnit))
        {
            return new RegistryKey(RegistryKeyKind.Assignment, assignedMachine, assignedUnit);
        }

        return null;
    }

    /// <summary>Throws <see cref="RegistryInvalidRequestException"/> naming the value unless it can be a key segment.</summary>
    public static string CheckUnitName(string unitName) => CheckSegment(unitName, "unit name");

    /// <inheritdoc cref="CheckUnitName"/>
    public static string CheckMachineId(string machineId) => CheckSegment(machineId, "machine ID");

    private static string CheckSegment(string value, string what)
    {
        string? problem = Problem(value);
        if (problem is not null)
        {
            throw new RegistryInvalidRequestException($"{what} '{value}' cannot be used in a registry key: {problem}");
        }

        return value;
    }

    private static bool IsValidSegment(string value) => Problem(value) is null;

    private static string? Problem(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "it is empty";
        }

        if (value is "." or "..")
        {
            return "it must not be '.' or '..'";
        }

        if (value.Contains('/', StringComparison.Ordinal))
        {
            return "it must not contain '/'";
        }

        // Control characters are never part of unit names or machine IDs and would make keys unreadable in listings.
        if (value.Any(char.IsControl))
        {
            return "it must not contain control characters";
        }

        return null;
    }

    /// <summary>Splits <c>folder/first/second</c> into two valid segments.</summary>
    private static bool TryPair(string rest, string folder, out string? first, out string? second)
    {
        first = second = null;
        if (!rest.StartsWith(folder, StringComparison.Ordinal))
        {
            return false;
        }

        string pair = rest[folder.Length..];
        int slash = pair.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !IsValidSegment(pair[..slash]) || !IsValidSegment(pair[(slash + 1)..]))
        {
            return false;
        }

        first = pair[..slash];
        second = pair[(slash + 1)..];
        return true;
    }

    private static bool TryLeaf(string rest, string folder, out string? name)
    {
        name = null;
        if (!rest.StartsWith(folder, StringComparison.Ordinal))
        {
            return false;
        }

        string leaf = rest[folder.Length..];
        if (!IsValidSegment(leaf))
        {
            return false;
        }

        name = leaf;
        return true;
    }
}
