using System.Net;
using System.Text.Json;
using Flotilla.Registry.Layout;

namespace Flotilla.Api.Tests.Fleet;

/// <summary>fleet v1 units over real HTTP against a real agent: PUT rules, status codes, error bodies, hostile input.</summary>
public sealed class FleetUnitsApiTests(ApiAgent agent) : IClassFixture<ApiAgent>
{
    private const string SleepOptions = """[{"section":"Service","name":"ExecStart","value":"/bin/sleep 300"}]""";

    [Fact]
    public async Task A_new_unit_with_options_is_created_201_and_runs_until_it_is_reported_launched()
    {
        HttpResponseMessage put = await Http.PutAsync(agent.Http, "/fleet/v1/units/run1.service", $$"""{"desiredState":"launched","options":{{SleepOptions}}}""");
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        JsonElement unit = default;
        await ApiAgent.EventuallyAsync(async () =>
        {
            unit = await Http.ReadJsonAsync(await agent.Http.GetAsync("/fleet/v1/units/run1.service"));
            return unit.GetProperty("currentState").GetString() == "launched";
        }, "run1.service launched");
        Assert.Equal("run1.service", unit.GetProperty("name").GetString());
        Assert.Equal("launched", unit.GetProperty("desiredState").GetString());
        Assert.Equal(agent.MachineId, unit.GetProperty("machineID").GetString());
        JsonElement option = Assert.Single(unit.GetProperty("options").EnumerateArray());
        Assert.Equal(("Service", "ExecStart", "/bin/sleep 300"), (option.GetProperty("section").GetString(), option.GetProperty("name").GetString(), option.GetProperty("value").GetString()));

        // Stored as normalized text with fleet's hash.
        UnitRecord stored = (await agent.Cluster.GetUnitAsync("run1.service", default))!.Record;
        Assert.Equal("[Service]\nExecStart=/bin/sleep 300\n", stored.Text);

        // Stop (desired loaded): 204, and the unit is no longer reported running.
        HttpResponseMessage stop = await Http.PutAsync(agent.Http, "/fleet/v1/units/run1.service", """{"desiredState":"loaded"}""");
        Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        await ApiAgent.EventuallyAsync(async () =>
            (await Http.ReadJsonAsync(await agent.Http.GetAsync("/fleet/v1/units/run1.service"))).GetProperty("currentState").GetString() == "loaded", "run1.service loaded");
    }

    [Fact]
    public async Task The_request_upstream_fleetctl_start_sends_is_answered_as_fleet_answers_it()
    {
        // fleetctl start x.service (fleet v1.0.0, client/api.go CreateUnit): first a GET to see whether
        // the unit exists (404 -> create), then exactly this PUT; then it polls GET /fleet/v1/state.
        HttpResponseMessage lookup = await agent.Http.GetAsync("/fleet/v1/units/x.service");
        await Http.AssertErrorAsync(lookup, HttpStatusCode.NotFound);

        using var request = new HttpRequestMessage(HttpMethod.Put, "/fleet/v1/units/x.service")
        {
            Content = Http.Json("""{"name":"x.service","desiredState":"launched","options":[{"section":"Unit","name":"Description","value":"fleetctl's unit"},{"section":"Service","name":"ExecStart","value":"/bin/sleep 300"}]}"""),
        };
        request.Headers.UserAgent.ParseAdd("Go-http-client/1.1");
        HttpResponseMessage created = await agent.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await ApiAgent.EventuallyAsync(async () =>
        {
            JsonElement page = await Http.ReadJsonAsync(await agent.Http.GetAsync("/fleet/v1/state?unitName=x.service"));
            return page.GetProperty("states").EnumerateArray().Any(s => s.GetProperty("systemdActiveState").GetString() == "active");
        }, "x.service reported active");
        JsonElement state = Assert.Single((await Http.ReadJsonAsync(await agent.Http.GetAsync("/fleet/v1/state?unitName=x.service"))).GetProperty("states").EnumerateArray());
        Assert.Equal(agent.MachineId, state.GetProperty("machineID").GetString());
        Assert.Equal("loaded", state.GetProperty("systemdLoadState").GetString());
        Assert.Equal("running", state.GetProperty("systemdSubState").GetString());
        Assert.Equal(40, state.GetProperty("hash").GetString()!.Length);

        // fleetctl destroy x.service: DELETE, 204; then 404.
        Assert.Equal(HttpStatusCode.NoContent, (await agent.Http.DeleteAsync("/fleet/v1/units/x.service")).StatusCode);
        await Http.AssertErrorAsync(await agent.Http.DeleteAsync("/fleet/v1/units/x.service"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_follows_fleets_rules_for_new_and_existing_units()
    {
        // New without options: 409, nothing stored.
        string message = await Http.AssertErrorAsync(await Http.PutAsync(agent.Http, "/fleet/v1/units/rules.service", """{"desiredState":"loaded"}"""), HttpStatusCode.Conflict);
        Assert.Equal("unit does not exist and options field empty", message);
        Assert.Null(await agent.Cluster.GetUnitAsync("rules.service", default));

        // New with options and no desiredState: created inactive.
        Assert.Equal(HttpStatusCode.Created, (await Http.PutAsync(agent.Http, "/fleet/v1/units/rules.service", $$"""{"options":{{SleepOptions}}}""")).StatusCode);
        UnitRecord first = (await agent.Cluster.GetUnitAsync("rules.service", default))!.Record;
        Assert.Equal(UnitDesiredState.Inactive, first.DesiredState);

        // Existing, same options, no desiredState: 409.
        await Http.AssertErrorAsync(await Http.PutAsync(agent.Http, "/fleet/v1/units/rules.service", $$"""{"options":{{SleepOptions}}}"""), HttpStatusCode.Conflict);

        // Existing, same options, a desiredState: 204.
        Assert.Equal(HttpStatusCode.NoContent, (await Http.PutAsync(agent.Http, "/fleet/v1/units/rules.service", $$"""{"desiredState":"inactive","options":{{SleepOptions}}}""")).StatusCode);

        // Existing, different options: 201, overwritten, desired state kept.
        HttpResponseMessage replaced = await Http.PutAsync(agent.Http, "/fleet/v1/units/rules.service", """{"options":[{"section":"Service","name":"ExecStart","value":"/bin/sleep 301"}]}""");
        Assert.Equal(HttpStatusCode.Created, replaced.StatusCode);
        UnitRecord second = (await agent.Cluster.GetUnitAsync("rules.service", default))!.Record;
        Assert.NotEqual(first.Hash, second.Hash);
        Assert.Equal("[Service]\nExecStart=/bin/sleep 301\n", second.Text);
        Assert.Equal(UnitDesiredState.Inactive, second.DesiredState);

        // An unknown desiredState: 400, unchanged.
        await Http.AssertErrorAsync(await Http.PutAsync(agent.Http, "/fleet/v1/units/rules.service", """{"desiredState":"running"}"""), HttpStatusCode.BadRequest);
        Assert.Equal(second, (await agent.Cluster.GetUnitAsync("rules.service", default))!.Record);
    }

    [Fact]
    public async Task Put_without_a_json_content_type_is_415_and_stores_nothing()
    {
        HttpResponseMessage response = await agent.Http.PutAsync("/fleet/v1/units/plain.service", Http.Raw($$"""{"options":{{SleepOptions}}}""", "text/plain"));
        await Http.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType);
        HttpResponseMessage none = await agent.Http.PutAsync("/fleet/v1/units/plain.service", Http.Raw($$"""{"options":{{SleepOptions}}}"""));
        await Http.AssertErrorAsync(none, HttpStatusCode.UnsupportedMediaType);
        Assert.Null(await agent.Cluster.GetUnitAsync("plain.service", default));
    }

    [Theory]
    [InlineData("..%2Fx.service", "invalid character")]
    [InlineData("noext", "unit name must contain \".\"")]
    [InlineData("@x.service", "unit name cannot start in \"@\"")]
    [InlineData("x.bar", "invalid unit type: \"bar\"")]
    [InlineData("x%25y.service", "invalid character '%' in unit name")]
    public async Task An_invalid_unit_name_is_400_with_fleets_message_and_nothing_is_stored(string escapedName, string expected)
    {
        HttpResponseMessage response = await Http.PutAsync(agent.Http, "/fleet/v1/units/" + escapedName, $$"""{"desiredState":"launched","options":{{SleepOptions}}}""");
        string message = await Http.AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain((await agent.Cluster.ListUnitsAsync(default)).Entries, e => e.Record.Name.Contains('/', StringComparison.Ordinal) || e.Record.Name.Contains('%', StringComparison.Ordinal));
        await Http.AssertErrorAsync(await agent.Http.GetAsync("/fleet/v1/units/" + escapedName), HttpStatusCode.BadRequest);
        await Http.AssertErrorAsync(await agent.Http.DeleteAsync("/fleet/v1/units/" + escapedName), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_dot_dot_path_never_reaches_a_unit_and_stores_nothing()
    {
        // An unescaped ../ is resolved by the server before routing: the request is for no endpoint.
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(agent.TcpUrl + "/fleet/v1/units/../x.service", UriKind.Absolute)) { Content = Http.Json($$"""{"options":{{SleepOptions}}}""") };
        HttpResponseMessage response = await agent.Http.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"got {(int)response.StatusCode}");

        // A body naming another unit (a path) than the URL: 400.
        string message = await Http.AssertErrorAsync(await Http.PutAsync(agent.Http, "/fleet/v1/units/y.service", $$"""{"name":"../y.service","options":{{SleepOptions}}}"""), HttpStatusCode.BadRequest);
        Assert.Contains("differs from unit name", message, StringComparison.Ordinal);
        Assert.DoesNotContain((await agent.Cluster.ListUnitsAsync(default)).Entries, e => e.Record.Name is "x.service" or "y.service" or "../y.service");
    }

    [Theory]
    [InlineData("""[{"section":"Service","name":"ExecStart","value":"/bin/true\n[X-Fleet]\nMachineID=evil"}]""")]
    [InlineData("""[{"section":"Serv]ice","name":"ExecStart","value":"/bin/true"}]""")]
    [InlineData("""[{"section":"Service","name":"Exec Start","value":"/bin/true"}]""")]
    [InlineData("""[{"section":"Service","name":"","value":"/bin/true"}]""")]
    [InlineData("""[{"section":"X-Fleet","name":"MachineID","value":"abc"},{"section":"X-Fleet","name":"Global","value":"true"}]""")]
    public async Task Options_that_cannot_be_stored_faithfully_or_are_invalid_are_400_and_nothing_is_stored(string options)
    {
        string message = await Http.AssertErrorAsync(await Http.PutAsync(agent.Http, "/fleet/v1/units/bad-options.service", $$"""{"desiredState":"launched","options":{{options}}}"""), HttpStatusCode.BadRequest);
        Assert.StartsWith("invalid unit options", message, StringComparison.Ordinal);
        Assert.Null(await agent.Cluster.GetUnitAsync("bad-options.service", default));
    }

    [Fact]
    public async Task Invalid_json_is_400_and_an_oversized_body_is_413()
    {
        await Http.AssertErrorAsync(await Http.PutAsync(agent.Http, "/fleet/v1/units/json.service", """{"options":[{"section":"""), HttpStatusCode.BadRequest);
        await Http.AssertErrorAsync(await Http.PutAsync(agent.Http, "/fleet/v1/units/json.service", """["not","a","unit"]"""), HttpStatusCode.BadRequest);
        string huge = new('a', 200 * 1024);
        HttpResponseMessage tooLarge = await Http.PutAsync(agent.Http, "/fleet/v1/units/json.service", $$"""{"options":[{"section":"Service","name":"ExecStart","value":"/bin/echo {{huge}}"}]}""");
        await Http.AssertErrorAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.Null(await agent.Cluster.GetUnitAsync("json.service", default));
    }

    [Fact]
    public async Task A_template_can_be_submitted_but_not_activated()
    {
        Assert.Equal(HttpStatusCode.Created, (await Http.PutAsync(agent.Http, "/fleet/v1/units/tpl@.service", $$"""{"desiredState":"inactive","options":{{SleepOptions}}}""")).StatusCode);
        string message = await Http.AssertErrorAsync(await Http.PutAsync(agent.Http, "/fleet/v1/units/tpl@.service", """{"desiredState":"launched"}"""), HttpStatusCode.BadRequest);
        Assert.Equal("cannot activate template \"tpl@.service\"", message);
        Assert.Equal(UnitDesiredState.Inactive, (await agent.Cluster.GetUnitAsync("tpl@.service", default))!.Record.DesiredState);
    }

    [Fact]
    public async Task Get_and_delete_of_a_missing_unit_are_404_with_fleets_error_body()
    {
        Assert.Equal("unit does not exist", await Http.AssertErrorAsync(await agent.Http.GetAsync("/fleet/v1/units/missing.service"), HttpStatusCode.NotFound));
        await Http.AssertErrorAsync(await agent.Http.DeleteAsync("/fleet/v1/units/missing.service"), HttpStatusCode.NotFound);
        await Http.AssertErrorAsync(await agent.Http.GetAsync("/fleet/v1/nothing-here"), HttpStatusCode.NotFound);
    }
}
