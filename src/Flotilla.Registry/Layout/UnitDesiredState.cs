using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// fleet's target state of a unit. Stored as fleet's lowercase strings ("inactive", "loaded",
/// "launched"), the same strings the fleet API and fleetctl show.
/// </summary>
[JsonConverter(typeof(UnitDesiredStateJsonConverter))]
public enum UnitDesiredState
{
    /// <summary>Submitted only: not scheduled anywhere.</summary>
    Inactive,

    /// <summary>Scheduled and loaded on a machine, not started.</summary>
    Loaded,

    /// <summary>Scheduled and running.</summary>
    Launched,
}
