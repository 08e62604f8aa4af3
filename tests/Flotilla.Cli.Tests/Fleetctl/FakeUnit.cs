using System.Text.Json.Nodes;
using Flotilla.Units.Syntax;

namespace Flotilla.Cli.Tests.Fleetctl;

/// <summary>A unit held by <see cref="FakeAgentApi"/>.</summary>
internal sealed class FakeUnit(string name)
{
    public string Name { get; } = name;

    public List<(string Section, string Name, string Value)> Options { get; set; } = [];

    public string DesiredState { get; set; } = "inactive";

    public string? CurrentState { get; set; }

    public string? MachineId { get; set; }

    public string? Reason { get; set; }

    public string Hash => new UnitFile(Name, Options.Select(o => new UnitOption(o.Section, o.Name, o.Value)).ToList()).Hash;

    public static FakeUnit FromText(string name, string text) =>
        new(name) { Options = UnitFileParser.Parse(name, text).Options.Select(o => (o.Section, o.Name, o.Value)).ToList() };

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["name"] = Name,
            ["options"] = new JsonArray(Options.Select(o => (JsonNode)new JsonObject { ["section"] = o.Section, ["name"] = o.Name, ["value"] = o.Value }).ToArray()),
            ["desiredState"] = DesiredState,
        };
        if (CurrentState is not null)
        {
            json["currentState"] = CurrentState;
        }

        if (MachineId is not null)
        {
            json["machineID"] = MachineId;
        }

        return json;
    }
}
