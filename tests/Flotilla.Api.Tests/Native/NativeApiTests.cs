using System.Net;
using System.Text.Json;

namespace Flotilla.Api.Tests.Native;

/// <summary>Health, unit detail (with the engine's reason), journal tail and follow, events and metrics against a real agent.</summary>
public sealed class NativeApiTests(ApiAgent agent) : IClassFixture<ApiAgent>
{
    [Fact]
    public async Task Health_names_the_machine_the_leader_and_the_version()
    {
        JsonElement health = default;
        await ApiAgent.EventuallyAsync(async () =>
        {
            health = await Http.ReadJsonAsync(await agent.Http.GetAsync("/flotilla/v1/health"));
            return health.GetProperty("leader").ValueKind == JsonValueKind.String;
        }, "a leader");
        Assert.Equal(agent.MachineId, health.GetProperty("machineID").GetString());
        Assert.Equal(agent.MachineId, health.GetProperty("leader").GetString());
        Assert.Equal("9.9.9-test", health.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Unit_detail_shows_the_placement_reason_of_a_unit_the_engine_cannot_place()
    {
        await Http.PutAsync(agent.Http, "/fleet/v1/units/nowhere.service", """{"desiredState":"launched","options":[{"section":"Service","name":"ExecStart","value":"/bin/sleep 300"},{"section":"X-Fleet","name":"MachineID","value":"no-such-machine"}]}""");
        JsonElement detail = default;
        await ApiAgent.EventuallyAsync(async () =>
        {
            detail = await Http.ReadJsonAsync(await agent.Http.GetAsync("/flotilla/v1/units/nowhere.service"));
            return detail.GetProperty("reason").ValueKind == JsonValueKind.String;
        }, "a placement reason");
        Assert.Contains("no-such-machine", detail.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("machineID").ValueKind);
        Assert.Equal("launched", detail.GetProperty("desiredState").GetString());
        Assert.False(detail.GetProperty("global").GetBoolean());
        Assert.Empty(detail.GetProperty("states").EnumerateArray());
        Assert.Equal(40, detail.GetProperty("hash").GetString()!.Length);

        await Http.AssertErrorAsync(await agent.Http.GetAsync("/flotilla/v1/units/absent.service"), HttpStatusCode.NotFound);
        await Http.AssertErrorAsync(await agent.Http.GetAsync("/flotilla/v1/units/bad%25name.service"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unit_detail_of_a_running_unit_lists_its_machine_and_state()
    {
        await Http.PutAsync(agent.Http, "/fleet/v1/units/detail.service", """{"desiredState":"launched","options":[{"section":"Service","name":"ExecStart","value":"/bin/sleep 300"}]}""");
        JsonElement detail = default;
        await ApiAgent.EventuallyAsync(async () =>
        {
            detail = await Http.ReadJsonAsync(await agent.Http.GetAsync("/flotilla/v1/units/detail.service"));
            return detail.GetProperty("states").EnumerateArray().Any(s => s.GetProperty("active").GetString() == "active");
        }, "detail.service active");
        Assert.Equal(agent.MachineId, detail.GetProperty("machineID").GetString());
        JsonElement state = Assert.Single(detail.GetProperty("states").EnumerateArray());
        Assert.Equal((agent.MachineId, "loaded", "running"), (state.GetProperty("machineID").GetString(), state.GetProperty("load").GetString(), state.GetProperty("sub").GetString()));
        Assert.Equal(detail.GetProperty("hash").GetString(), state.GetProperty("hash").GetString());
        Assert.True(state.TryGetProperty("updatedAt", out _));

        // The main PID is the sleep the runner started: the process exists and runs that program.
        int pid = state.GetProperty("mainPID").GetInt32();
        Assert.Equal(agent.Runner.Find("detail.service")!.MainPid, pid);
        Assert.Contains("sleep", File.ReadAllText($"/proc/{pid}/cmdline"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_returns_the_last_lines_as_ndjson_and_follow_receives_new_ones()
    {
        string trigger = Path.Combine(agent.DirectoryPath, "say-more");
        string script = $"for i in 1 2 3 4 5; do echo line$i; done; while [ ! -e {trigger} ]; do sleep 0.1; done; echo after-follow; exec sleep 300";
        await Http.PutAsync(agent.Http, "/fleet/v1/units/talk.service", $$"""{"desiredState":"launched","options":[{"section":"Service","name":"ExecStart","value":"/bin/sh -c '{{script}}'"}]}""");
        // The runner's "Started" line and the unit's own lines race; both are in before anything else is written.
        string[]? all = null;
        await ApiAgent.EventuallyAsync(async () =>
        {
            HttpResponseMessage r = await agent.Http.GetAsync("/flotilla/v1/units/talk.service/journal?lines=100");
            string body = await r.Content.ReadAsStringAsync();
            all = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return r.StatusCode == HttpStatusCode.OK && body.Contains("line5", StringComparison.Ordinal) && body.Contains("Started talk.service.", StringComparison.Ordinal);
        }, "talk.service wrote its lines");

        HttpResponseMessage tail = await agent.Http.GetAsync("/flotilla/v1/units/talk.service/journal?lines=2");
        Assert.Equal("application/x-ndjson", tail.Content.Headers.ContentType?.MediaType);
        string[] lines = (await tail.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(all![^2..], lines);
        JsonElement five = all.Select(line => JsonDocument.Parse(line).RootElement).Single(e => e.GetProperty("text").GetString() == "line5");
        Assert.Equal("stdout", five.GetProperty("source").GetString());
        Assert.Equal("talk.service", five.GetProperty("unit").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", five.GetProperty("time").GetString());
        Assert.Contains(all, line => JsonDocument.Parse(line).RootElement.GetProperty("source").GetString() == "runner");

        using var follow = new CancellationTokenSource(ApiAgent.Patience);
        using HttpResponseMessage stream = await agent.Http.GetAsync("/flotilla/v1/units/talk.service/journal?lines=1&follow=true", HttpCompletionOption.ResponseHeadersRead, follow.Token);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(follow.Token));
        string? first = await reader.ReadLineAsync(follow.Token);
        Assert.Equal(all[^1], first);
        await File.WriteAllTextAsync(trigger, "", follow.Token);
        string? next = await reader.ReadLineAsync(follow.Token);
        Assert.Equal("after-follow", JsonDocument.Parse(next!).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Journal_of_a_unit_no_machine_has_run_is_404_and_bad_parameters_are_400()
    {
        string message = await Http.AssertErrorAsync(await agent.Http.GetAsync("/flotilla/v1/units/never.service/journal"), HttpStatusCode.NotFound);
        Assert.Contains("never.service", message, StringComparison.Ordinal);
        await Http.AssertErrorAsync(await agent.Http.GetAsync("/flotilla/v1/units/never.service/journal?lines=-1"), HttpStatusCode.BadRequest);
        await Http.AssertErrorAsync(await agent.Http.GetAsync("/flotilla/v1/units/never.service/journal?follow=maybe"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Journal_of_a_unit_on_a_machine_without_a_reachable_api_is_502_naming_the_machine()
    {
        // Two more machines in the registry (records under leases, as agents register them): one without
        // a TCP API, one whose API address nobody listens on.
        Registry.Leases.LeaseGrant lease = await agent.Registry.GrantLeaseAsync(TimeSpan.FromSeconds(60));
        int closedPort = Testing.Etcd.FreePorts.Take(1)[0];
        await agent.Cluster.RegisterMachineAsync(new Registry.Layout.MachineRecord("socket-only", "", new Dictionary<string, string>(), "1", DateTimeOffset.UtcNow), lease.Id, default);
        await agent.Cluster.RegisterMachineAsync(new Registry.Layout.MachineRecord("unreachable", "", new Dictionary<string, string>(), "1", DateTimeOffset.UtcNow) { ApiUrl = $"http://127.0.0.1:{closedPort}" }, lease.Id, default);
        foreach (string machine in new[] { "socket-only", "unreachable" })
        {
            await Http.PutAsync(agent.Http, $"/fleet/v1/units/on-{machine}.service", $$"""{"desiredState":"launched","options":[{"section":"Service","name":"ExecStart","value":"/bin/sleep 300"},{"section":"X-Fleet","name":"MachineID","value":"{{machine}}"}]}""");
            await ApiAgent.EventuallyAsync(async () =>
                (await Http.ReadJsonAsync(await agent.Http.GetAsync($"/flotilla/v1/units/on-{machine}.service"))).GetProperty("machineID").GetString() == machine, $"placed on {machine}");
            string message = await Http.AssertErrorAsync(await agent.Http.GetAsync($"/flotilla/v1/units/on-{machine}.service/journal"), HttpStatusCode.BadGateway);
            Assert.Contains(machine, message, StringComparison.Ordinal);
        }

        await agent.Registry.RevokeLeaseAsync(lease.Id);
    }

    [Fact]
    public async Task Events_stream_unit_changes_as_server_sent_events()
    {
        using var timeout = new CancellationTokenSource(ApiAgent.Patience);
        using HttpResponseMessage stream = await agent.Http.GetAsync("/flotilla/v1/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal(": connected", await reader.ReadLineAsync(timeout.Token));

        await Http.PutAsync(agent.Http, "/fleet/v1/units/evented.service", """{"desiredState":"inactive","options":[{"section":"Service","name":"ExecStart","value":"/bin/sleep 300"}]}""");
        await agent.Http.PutAsync("/fleet/v1/units/evented.service", Http.Json("""{"desiredState":"loaded"}"""));
        await agent.Http.DeleteAsync("/fleet/v1/units/evented.service");

        var seen = new List<string>();
        while (!seen.Contains("unit.destroyed"))
        {
            string? line = await reader.ReadLineAsync(timeout.Token);
            if (line is not null && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                JsonElement data = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                if (data.TryGetProperty("unit", out JsonElement unit) && unit.GetString() == "evented.service" && data.GetProperty("type").GetString()!.StartsWith("unit.", StringComparison.Ordinal))
                {
                    seen.Add(data.GetProperty("type").GetString()!);
                    Assert.True(data.GetProperty("revision").GetInt64() > 0);
                }
            }
        }

        Assert.Equal("unit.submitted", seen[0]);
        Assert.Contains("unit.changed", seen);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_units_machines_and_request_counts()
    {
        await agent.Http.GetAsync("/fleet/v1/units/not-there.service");
        HttpResponseMessage response = await agent.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        string text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE flotilla_units gauge", text, StringComparison.Ordinal);
        Assert.Contains("flotilla_machines 1\n", text, StringComparison.Ordinal);
        Assert.Contains("flotilla_units{desired=\"inactive\",current=\"inactive\"}", text, StringComparison.Ordinal);
        Assert.Matches("flotilla_api_requests_total\\{method=\"GET\",code=\"404\"\\} [1-9]", text);
    }
}
