using System.Text.Json.Nodes;

namespace Flotilla.Cli.Tests.Fleetctl;

/// <summary>A unit state reported by one machine, held by <see cref="FakeAgentApi"/>.</summary>
internal sealed record FakeState(string Name, string MachineId, string Hash, string Load, string Active, string Sub)
{
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["hash"] = Hash,
        ["machineID"] = MachineId,
        ["systemdLoadState"] = Load,
        ["systemdActiveState"] = Active,
        ["systemdSubState"] = Sub,
    };
}
