using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Flotilla.Registry.Layout;
using Xunit.Abstractions;

namespace Flotilla.Api.Tests.Chaos;

/// <summary>
/// Issue 8's hostile-input chaos case, beyond what Fleet/FleetUnitsApiTests already covers (fleet's name
/// rules, <c>..%2F</c>, an unescaped <c>../</c>, a 200 KB body, truncated JSON, bad options): a 10 MB
/// body declared and chunked, request targets written byte for byte, JSON that is well-formed but
/// wrong, and 10,000 concurrent requests over the agent's TCP listener. Every refusal is a 4xx with
/// fleet's error body, nothing refused is stored, and the agent keeps serving.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class HostileApiInputTests(ApiAgent agent, ITestOutputHelper output) : IClassFixture<ApiAgent>
{
    private const string SleepOptions = """[{"section":"Service","name":"ExecStart","value":"/bin/sleep 300"}]""";
    private const int TenMegabytes = 10 * 1024 * 1024;

    [Fact(Timeout = 60_000)]
    public async Task A_10_MB_unit_put_is_413_with_fleets_error_body_whether_its_length_is_declared_or_chunked()
    {
        IReadOnlyList<string> before = await StoredUnitsAsync();
        string huge = $$"""{"desiredState":"launched","options":[{"section":"Service","name":"ExecStart","value":"/bin/echo {{new string('a', TenMegabytes)}}"}]}""";

        // A declared length over the limit is refused before the body is read: a client that waits for
        // "100 Continue" (curl does for large bodies) gets the 413 without sending the 10 MB at all.
        using var declared = new HttpRequestMessage(HttpMethod.Put, "/fleet/v1/units/huge.service") { Content = Http.Json(huge) };
        declared.Headers.ExpectContinue = true;
        string message = await Http.AssertErrorAsync(await agent.Http.SendAsync(declared), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("exceeds the limit", message, StringComparison.Ordinal);

        // A client that sends the whole body anyway and reads the answer meanwhile gets the same 413.
        RawHttp.Answer pushed = await RawHttp.SendLargeAsync(agent.TcpUrl, "/fleet/v1/units/huge.service", TenMegabytes, chunked: false);
        Assert.Equal(413, pushed.Status);
        AssertFleetError(pushed);

        // No length at all (chunked): the server cuts the stream off at the limit instead of buffering 10 MB.
        RawHttp.Answer chunked = await RawHttp.SendLargeAsync(agent.TcpUrl, "/fleet/v1/units/huge.service", TenMegabytes, chunked: true);
        Assert.Equal(413, chunked.Status);
        AssertFleetError(chunked);

        // The same for a kv value.
        using var value = new HttpRequestMessage(HttpMethod.Put, "/flotilla/v1/kv/huge") { Content = Http.Raw(new string('v', TenMegabytes), "text/plain") };
        value.Headers.ExpectContinue = true;
        await Http.AssertErrorAsync(await agent.Http.SendAsync(value), HttpStatusCode.RequestEntityTooLarge);
        await Http.AssertErrorAsync(await agent.Http.GetAsync("/flotilla/v1/kv/huge"), HttpStatusCode.NotFound);

        Assert.Equal(before, await StoredUnitsAsync());
        await AssertStillServingAsync("after-huge.service");
    }

    [Theory]
    [InlineData("PUT", "/fleet/v1/units/%2e%2e%2fx.service")]
    [InlineData("PUT", "/fleet/v1/units/%2E%2E%2F%2E%2E%2Fmachines%2Fx.service")]
    [InlineData("PUT", "/fleet/v1/units/.%2e/x.service")]
    [InlineData("PUT", "/fleet/v1/units/%2e%2e")]
    [InlineData("PUT", "/fleet/v1/units/x%2Fy.service")]
    [InlineData("PUT", "/fleet/v1/units/x%2fy.service")]
    [InlineData("PUT", "/fleet/v1/units/x%0A.service")]
    [InlineData("PUT", "/fleet/v1/units/%C0%AE%C0%AE%2Fx.service")]
    [InlineData("PUT", "/fleet/v1/units/x.service/../../../v1/kv/evil")]
    [InlineData("PUT", "/fleet/v1/units/x.service/..%2F..%2F..%2Fv1%2Fkv%2Fevil")]
    [InlineData("PUT", "/fleet/v1/units//x.service")]
    [InlineData("GET", "/fleet/v1/units/%2e%2e%2f%2e%2e%2fmachines")]
    [InlineData("DELETE", "/fleet/v1/units/%2e%2e%2fx.service")]
    [InlineData("GET", "/flotilla/v1/units/%2e%2e%2fx.service/journal")]
    public async Task A_request_target_with_path_tricks_is_a_4xx_with_fleets_error_body_and_stores_nothing(string method, string target)
    {
        IReadOnlyList<string> before = await StoredUnitsAsync();
        RawHttp.Answer answer = await RawHttp.SendAsync(agent.TcpUrl, method, target, method == "PUT" ? $$"""{"desiredState":"launched","options":{{SleepOptions}}}""" : null);
        output.WriteLine($"{method} {target} -> {answer.Status} {answer.Body}");

        Assert.True(answer.Status is 400 or 404 or 405, $"{method} {target} answered {answer.Status}: {answer.Body}");
        AssertFleetError(answer);
        Assert.Equal(before, await StoredUnitsAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task A_request_line_with_a_NUL_or_a_space_is_refused_by_the_server_before_any_endpoint()
    {
        // Malformed HTTP itself (a NUL, raw or %00-encoded, cannot be in a path Kestrel accepts): Kestrel refuses it before the application sees a request, so its 400 has
        // no fleet body (there is no request to answer in fleet's terms); what matters is 400, not 5xx.
        IReadOnlyList<string> before = await StoredUnitsAsync();
        foreach (string target in new[] { "/fleet/v1/units/x\0.service", "/fleet/v1/units/x y.service", "/fleet/v1/units/x%00.service", "/fleet/v1/units/x.service%00.timer" })
        {
            RawHttp.Answer answer = await RawHttp.SendAsync(agent.TcpUrl, "PUT", target, $$"""{"options":{{SleepOptions}}}""");
            Assert.Equal(400, answer.Status);
        }

        Assert.Equal(before, await StoredUnitsAsync());
        await AssertStillServingAsync("after-nul.service");
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}{}")]
    [InlineData("""{"options":"ExecStart=/bin/true"}""")]
    [InlineData("""{"options":[1,2,3]}""")]
    [InlineData("""{"desiredState":5,"options":[]}""")]
    [InlineData("""{"options":[{"section":"Service","name":"ExecStart","value":null}]}""")]
    [InlineData("""{"options":[{"section":["Service"],"name":"ExecStart","value":"/bin/true"}]}""")]
    [InlineData("""{"options":[{"section":"Service","name":"ExecStart","value":"/bin/true"}],}""")]
    [InlineData("""{'options':[]}""")]
    [InlineData("\uFEFF\uFEFF{}")]
    public async Task Json_that_is_not_a_unit_is_400_with_fleets_error_body_and_stores_nothing(string body)
    {
        IReadOnlyList<string> before = await StoredUnitsAsync();
        HttpResponseMessage response = await Http.PutAsync(agent.Http, "/fleet/v1/units/json-chaos.service", body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"{body} answered {(int)response.StatusCode}: {text}");
        await Http.AssertErrorAsync(response, response.StatusCode);
        Assert.Equal(before, await StoredUnitsAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Deeply_nested_json_and_invalid_utf8_are_400_not_a_crash()
    {
        IReadOnlyList<string> before = await StoredUnitsAsync();
        string nested = """{"options":[""" + string.Concat(Enumerable.Repeat("[", 20_000)) + string.Concat(Enumerable.Repeat("]", 20_000)) + "]}";
        await Http.AssertErrorAsync(await Http.PutAsync(agent.Http, "/fleet/v1/units/deep.service", nested), HttpStatusCode.BadRequest);

        byte[] invalidUtf8 = [.. Encoding.UTF8.GetBytes("""{"options":[{"section":"Service","name":"ExecStart","value":"/bin/"""), 0xC0, 0xAF, 0xFF, .. Encoding.UTF8.GetBytes("\"}]}")];
        var content = new ByteArrayContent(invalidUtf8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await Http.AssertErrorAsync(await agent.Http.PutAsync("/fleet/v1/units/utf8.service", content), HttpStatusCode.BadRequest);

        Assert.Equal(before, await StoredUnitsAsync());
        await AssertStillServingAsync("after-json.service");
    }

    [Fact(Timeout = 180_000)]
    public async Task Ten_thousand_concurrent_requests_are_all_answered_without_a_5xx_and_the_bad_ones_store_nothing()
    {
        // Something real to list.
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Http.PutAsync(agent.Http, $"/fleet/v1/units/crowd-{i}.service", $$"""{"desiredState":"inactive","options":{{SleepOptions}}}""")).StatusCode);
        }

        IReadOnlyList<string> before = await StoredUnitsAsync();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
        {
            BaseAddress = new Uri(agent.TcpUrl),
            Timeout = TimeSpan.FromSeconds(120),
        };

        // Five kinds, interleaved: a listing (200) and four refusals (400 bad name, 400 bad JSON,
        // 409 new unit without options, 415 not JSON).
        (string Kind, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Expected)[] kinds =
        [
            ("list", () => client.GetAsync("/fleet/v1/units"), HttpStatusCode.OK),
            ("bad name", () => client.PutAsync("/fleet/v1/units/..%2Fcrowd.service", Http.Json($$"""{"options":{{SleepOptions}}}""")), HttpStatusCode.BadRequest),
            ("bad json", () => client.PutAsync("/fleet/v1/units/crowd-new.service", Http.Json("""{"options":[{"section":""")), HttpStatusCode.BadRequest),
            ("no options", () => client.PutAsync("/fleet/v1/units/crowd-new.service", Http.Json("""{"desiredState":"launched"}""")), HttpStatusCode.Conflict),
            ("not json", () => client.PutAsync("/fleet/v1/units/crowd-new.service", Http.Raw($$"""{"options":{{SleepOptions}}}""", "text/plain")), HttpStatusCode.UnsupportedMediaType),
        ];
        var answered = new ConcurrentDictionary<string, int>();
        var wrong = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 10_000).Select(async i =>
        {
            var (kind, send, expected) = kinds[i % kinds.Length];
            try
            {
                using HttpResponseMessage response = await send();
                string body = await response.Content.ReadAsStringAsync();
                answered.AddOrUpdate($"{kind} {(int)response.StatusCode}", 1, (_, n) => n + 1);
                if (response.StatusCode != expected)
                {
                    wrong.Enqueue($"{kind}: {(int)response.StatusCode} {body}");
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                wrong.Enqueue($"{kind}: {error.GetType().Name} {error.Message}");
            }
        }));

        output.WriteLine($"10,000 requests in {clock.Elapsed.TotalSeconds:F1} s: {string.Join(", ", answered.OrderBy(p => p.Key).Select(p => $"{p.Key} x{p.Value}"))}");
        Assert.True(wrong.IsEmpty, $"{wrong.Count} requests not answered as expected, e.g.:\n{string.Join("\n", wrong.Take(10))}");
        Assert.Equal(10_000, answered.Values.Sum());
        Assert.Equal(before, await StoredUnitsAsync());
        await AssertStillServingAsync("after-crowd.service");
    }

    [Fact(Timeout = 30_000)]
    public async Task Backslashes_and_resolved_dot_segments_stay_one_unit_name_inside_the_units_folder()
    {
        // A backslash is one of systemd's (and so fleet's) unit-name characters (its escapes: \x2d), not a
        // separator on Linux: "..\x.service" is an ordinary name, stored as exactly one key segment.
        RawHttp.Answer backslash = await RawHttp.SendAsync(agent.TcpUrl, "PUT", "/fleet/v1/units/..%5Cx.service", $$"""{"desiredState":"inactive","options":{{SleepOptions}}}""");
        Assert.Equal(201, backslash.Status);
        Assert.NotNull(await agent.Cluster.GetUnitAsync("..\\x.service", default));

        // Dot segments are resolved before routing (RFC 3986), so they can only name another unit here.
        RawHttp.Answer resolved = await RawHttp.SendAsync(agent.TcpUrl, "PUT", "/fleet/v1/units/x.service/../../units/dots.service", $$"""{"desiredState":"inactive","options":{{SleepOptions}}}""");
        Assert.Equal(201, resolved.Status);
        Assert.NotNull(await agent.Cluster.GetUnitAsync("dots.service", default));

        Assert.All((await agent.Cluster.ListUnitsAsync(default)).Entries, e => Assert.DoesNotContain('/', e.Record.Name));
        Assert.Equal(HttpStatusCode.NoContent, (await agent.Http.DeleteAsync("/fleet/v1/units/..%5Cx.service")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await agent.Http.DeleteAsync("/fleet/v1/units/dots.service")).StatusCode);
    }

    /// <summary>Every stored unit with its hash and desired state, so any write by a refused request shows.</summary>
    private async Task<IReadOnlyList<string>> StoredUnitsAsync() =>
        [.. (await agent.Cluster.ListUnitsAsync(default)).Entries.Select(e => $"{e.Record.Name} {e.Record.Hash} {e.Record.DesiredState} @{e.ModRevision}")];

    /// <summary>A normal request still works: a unit is created and read back.</summary>
    private async Task AssertStillServingAsync(string unit)
    {
        Assert.Equal(HttpStatusCode.Created, (await Http.PutAsync(agent.Http, "/fleet/v1/units/" + unit, $$"""{"desiredState":"inactive","options":{{SleepOptions}}}""")).StatusCode);
        JsonElement read = await Http.ReadJsonAsync(await agent.Http.GetAsync("/fleet/v1/units/" + unit));
        Assert.Equal(unit, read.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await agent.Http.DeleteAsync("/fleet/v1/units/" + unit)).StatusCode);
    }

    private static void AssertFleetError(RawHttp.Answer answer)
    {
        Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
        JsonElement error = JsonDocument.Parse(answer.Body).RootElement.GetProperty("error");
        Assert.Equal(answer.Status, error.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }
}
