using System.Text.Json.Nodes;

namespace Flotilla.Cli.Tests.Fleetctl;

/// <summary>A machine held by <see cref="FakeAgentApi"/>.</summary>
internal sealed record FakeMachine(string Id, string PrimaryIp, params (string Key, string Value)[] Metadata)
{
    public JsonObject ToJson()
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in Metadata)
        {
            metadata[key] = value;
        }

        return new JsonObject { ["id"] = Id, ["primaryIP"] = PrimaryIp, ["metadata"] = metadata };
    }
}
