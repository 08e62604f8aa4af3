namespace Flotilla.Registry.Layout;

/// <summary>Which folder of the layout a key belongs to.</summary>
public enum RegistryKeyKind
{
    /// <summary><c>units/&lt;name&gt;</c>: a unit's text, hash and desired state.</summary>
    Unit,

    /// <summary><c>assignments/&lt;machine&gt;/&lt;name&gt;</c>: the engine placed a unit on a machine.</summary>
    Assignment,

    /// <summary><c>machines/&lt;id&gt;</c>: a live machine, attached to its lease.</summary>
    Machine,

    /// <summary><c>states/&lt;name&gt;/&lt;machine&gt;</c>: the state a machine reports for a unit, attached to its lease.</summary>
    State,

    /// <summary><c>engine/leader/&lt;candidate&gt;</c>: an engine candidate's key in the leader election.</summary>
    Leader,

    /// <summary><c>reasons/&lt;name&gt;</c>: why the engine could not place a unit.</summary>
    Reason,

    /// <summary><c>globals/&lt;name&gt;</c>: the engine's index entry for a global unit that is not inactive.</summary>
    Global,
}
