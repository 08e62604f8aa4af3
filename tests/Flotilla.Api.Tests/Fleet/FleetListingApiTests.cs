using System.Net;
using System.Text.Json;
using Flotilla.Registry.Layout;
using Flotilla.Units.Syntax;

namespace Flotilla.Api.Tests.Fleet;

/// <summary>fleet v1 listings (pagination, state filters), machines (list, PATCH) and discovery, against a real agent.</summary>
public sealed class FleetListingApiTests(ApiAgent agent) : IClassFixture<ApiAgent>
{
    [Fact]
    public async Task Units_come_in_pages_of_100_with_a_token_until_the_last_page()
    {
        // Submitted (inactive) straight into the registry: 230 units, never scheduled.
        for (int i = 0; i < 230; i++)
        {
            string name = $"page-{i:D3}.service";
            UnitFile file = UnitFileParser.Parse(name, $"[Service]\nExecStart=/bin/sleep {i}\n");
            await agent.Cluster.PutUnitAsync(new UnitRecord(name, file.NormalizedText, file.Hash, UnitDesiredState.Inactive), default);
        }

        var names = new List<string>();
        var pageSizes = new List<int>();
        string? token = null;
        do
        {
            HttpResponseMessage response = await agent.Http.GetAsync("/fleet/v1/units" + (token is null ? "" : "?nextPageToken=" + Uri.EscapeDataString(token)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            JsonElement page = await Http.ReadJsonAsync(response);
            JsonElement[] units = [.. page.GetProperty("units").EnumerateArray()];
            pageSizes.Add(units.Length);
            names.AddRange(units.Select(u => u.GetProperty("name").GetString()!));
            Assert.All(units, u => Assert.Equal("inactive", u.GetProperty("currentState").GetString()));
            Assert.All(units, u => Assert.False(u.TryGetProperty("machineID", out _)));
            token = page.TryGetProperty("nextPageToken", out JsonElement next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal([100, 100, 30], pageSizes);
        Assert.Equal(Enumerable.Range(0, 230).Select(i => $"page-{i:D3}.service"), names);

        await Http.AssertErrorAsync(await agent.Http.GetAsync("/fleet/v1/units?nextPageToken=garbage!"), HttpStatusCode.BadRequest);

        // Flotilla's pageSize extension: one request for all 230, or pages of any size, with the same tokens.
        JsonElement whole = await Http.ReadJsonAsync(await agent.Http.GetAsync("/fleet/v1/units?pageSize=1000"));
        Assert.Equal(names, whole.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("name").GetString()!));
        Assert.False(whole.TryGetProperty("nextPageToken", out _));
        JsonElement first = await Http.ReadJsonAsync(await agent.Http.GetAsync("/fleet/v1/units?pageSize=150"));
        Assert.Equal(150, first.GetProperty("units").GetArrayLength());
        JsonElement second = await Http.ReadJsonAsync(await agent.Http.GetAsync("/fleet/v1/units?pageSize=150&nextPageToken=" + Uri.EscapeDataString(first.GetProperty("nextPageToken").GetString()!)));
        Assert.Equal(names.Skip(150), second.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("name").GetString()!));
        foreach (string bad in new[] { "0", "-1", "10001", "many" })
        {
            string message = await Http.AssertErrorAsync(await agent.Http.GetAsync("/fleet/v1/units?pageSize=" + bad), HttpStatusCode.BadRequest);
            Assert.Equal("invalid value for pageSize (expected 1 to 10000)", message);
        }
    }

    [Fact]
    public async Task State_lists_what_machines_report_filtered_by_machine_and_unit()
    {
        Assert.Equal(HttpStatusCode.Created, (await Http.PutAsync(agent.Http, "/fleet/v1/units/state1.service", """{"desiredState":"launched","options":[{"section":"Service","name":"ExecStart","value":"/bin/sleep 300"}]}""")).StatusCode);
        await ApiAgent.EventuallyAsync(async () =>
            (await Http.ReadJsonAsync(await agent.Http.GetAsync("/fleet/v1/state"))).GetProperty("states").EnumerateArray().Any(s => s.GetProperty("name").GetString() == "state1.service"),
            "state1 reported");

        JsonElement byMachine = await Http.ReadJsonAsync(await agent.Http.GetAsync($"/fleet/v1/state?machineID={agent.MachineId}&unitName=state1.service"));
        JsonElement state = Assert.Single(byMachine.GetProperty("states").EnumerateArray());
        Assert.Equal(["name", "hash", "machineID", "systemdLoadState", "systemdActiveState", "systemdSubState"], state.EnumerateObject().Select(p => p.Name));
        Assert.False(byMachine.TryGetProperty("nextPageToken", out _));

        JsonElement otherMachine = await Http.ReadJsonAsync(await agent.Http.GetAsync("/fleet/v1/state?machineID=nobody"));
        Assert.Empty(otherMachine.GetProperty("states").EnumerateArray());
    }

    [Fact]
    public async Task Machines_are_listed_with_fleets_fields_and_patch_changes_their_metadata()
    {
        JsonElement machine = Assert.Single((await Http.ReadJsonAsync(await agent.Http.GetAsync("/fleet/v1/machines"))).GetProperty("machines").EnumerateArray());
        Assert.Equal(agent.MachineId, machine.GetProperty("id").GetString());
        Assert.Equal("127.0.0.1", machine.GetProperty("primaryIP").GetString());
        Assert.Empty(machine.GetProperty("metadata").EnumerateObject());

        string patch = $$"""[{"op":"add","path":"/{{agent.MachineId}}/metadata/role","value":"web"},{"op":"add","path":"/{{agent.MachineId}}/metadata/zone","value":"a"},{"op":"remove","path":"/{{agent.MachineId}}/metadata/zone"}]""";
        HttpResponseMessage patched = await agent.Http.PatchAsync("/fleet/v1/machines", Http.Json(patch));
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        MachineRecord record = (await agent.Cluster.ListMachinesAsync(default)).Entries.Single().Record;
        Assert.Equal(new Dictionary<string, string> { ["role"] = "web" }, record.Metadata);
        Assert.NotEqual(0, (await agent.Cluster.ListMachinesAsync(default)).Entries.Single().LeaseId);

        // A bad operation anywhere: 400 and nothing changes; an unknown machine: 404.
        await Http.AssertErrorAsync(await agent.Http.PatchAsync("/fleet/v1/machines", Http.Json($$"""[{"op":"replace","path":"/{{agent.MachineId}}/metadata/role","value":"db"},{"op":"move","path":"/{{agent.MachineId}}/metadata/x"}]""")), HttpStatusCode.BadRequest);
        await Http.AssertErrorAsync(await agent.Http.PatchAsync("/fleet/v1/machines", Http.Json("""[{"op":"add","path":"/m1/role","value":"db"}]""")), HttpStatusCode.BadRequest);
        await Http.AssertErrorAsync(await agent.Http.PatchAsync("/fleet/v1/machines", Http.Json("""[{"op":"add","path":"/ghost/metadata/role","value":"db"}]""")), HttpStatusCode.NotFound);
        await Http.AssertErrorAsync(await agent.Http.PatchAsync("/fleet/v1/machines", Http.Raw("[]", "text/plain")), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("web", (await agent.Cluster.ListMachinesAsync(default)).Entries.Single().Record.Metadata["role"]);
    }

    [Fact]
    public async Task Discovery_serves_a_json_description_of_the_api()
    {
        HttpResponseMessage response = await agent.Http.GetAsync("/fleet/v1/discovery");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement document = await Http.ReadJsonAsync(response);
        Assert.Equal("fleet", document.GetProperty("name").GetString());
        Assert.Equal("v1", document.GetProperty("version").GetString());
        Assert.True(document.GetProperty("resources").TryGetProperty("Units", out _));
    }
}
