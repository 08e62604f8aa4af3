using System.Net;
using System.Text.Json;

namespace Flotilla.Api.Tests.Native;

/// <summary>The kv endpoints against a real agent on the embedded store: get/put/ttl/delete/list/watch and the cluster prefix guard.</summary>
public sealed class KvApiTests(ApiAgent agent) : IClassFixture<ApiAgent>
{
    [Fact]
    public async Task Put_then_get_returns_the_value_and_its_revision()
    {
        HttpResponseMessage put = await agent.Http.PutAsync("/flotilla/v1/kv/services/web/one", Http.Raw("10.0.0.1:80", "text/plain"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        JsonElement written = await Http.ReadJsonAsync(put);
        Assert.Equal(("/services/web/one", "10.0.0.1:80"), (written.GetProperty("key").GetString(), written.GetProperty("value").GetString()));
        long revision = written.GetProperty("revision").GetInt64();

        JsonElement read = await Http.ReadJsonAsync(await agent.Http.GetAsync("/flotilla/v1/kv/services/web/one"));
        Assert.Equal("10.0.0.1:80", read.GetProperty("value").GetString());
        Assert.Equal(revision, read.GetProperty("revision").GetInt64());

        Assert.Equal("key not found: /services/web/none", await Http.AssertErrorAsync(await agent.Http.GetAsync("/flotilla/v1/kv/services/web/none"), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Recursive_get_lists_the_keys_under_the_folder_sorted_and_recursive_delete_removes_them()
    {
        foreach (string key in new[] { "b", "a", "sub/c" })
        {
            await agent.Http.PutAsync("/flotilla/v1/kv/folder/" + key, Http.Raw("v-" + key));
        }

        await agent.Http.PutAsync("/flotilla/v1/kv/folderish", Http.Raw("not inside"));
        JsonElement listing = await Http.ReadJsonAsync(await agent.Http.GetAsync("/flotilla/v1/kv/folder?recursive=true"));
        Assert.Equal(["/folder/a", "/folder/b", "/folder/sub/c"], listing.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("key").GetString()));
        Assert.Equal("v-sub/c", listing.GetProperty("entries")[2].GetProperty("value").GetString());
        Assert.True(listing.GetProperty("revision").GetInt64() > 0);

        JsonElement deleted = await Http.ReadJsonAsync(await agent.Http.DeleteAsync("/flotilla/v1/kv/folder?recursive=true"));
        Assert.Equal(3, deleted.GetProperty("deleted").GetInt64());
        Assert.Empty((await Http.ReadJsonAsync(await agent.Http.GetAsync("/flotilla/v1/kv/folder?recursive=true"))).GetProperty("entries").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync("/flotilla/v1/kv/folderish")).StatusCode);

        Assert.Equal(1, (await Http.ReadJsonAsync(await agent.Http.DeleteAsync("/flotilla/v1/kv/folderish"))).GetProperty("deleted").GetInt64());
        await Http.AssertErrorAsync(await agent.Http.DeleteAsync("/flotilla/v1/kv/folderish"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_recursive_listing_of_the_root_shows_discovery_keys_but_never_the_clusters()
    {
        await agent.Http.PutAsync("/flotilla/v1/kv/rootlisted", Http.Raw("here"));
        JsonElement listing = await Http.ReadJsonAsync(await agent.Http.GetAsync("/flotilla/v1/kv/?recursive=true"));
        string[] keys = [.. listing.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("key").GetString()!)];
        Assert.Contains("/rootlisted", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("/flotilla/", StringComparison.Ordinal));
        Assert.NotEmpty((await agent.Cluster.ListMachinesAsync(default)).Entries);
    }

    [Fact]
    public async Task A_key_put_with_a_ttl_expires_with_its_lease()
    {
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.PutAsync("/flotilla/v1/kv/leased?ttl=1", Http.Raw("soon gone"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync("/flotilla/v1/kv/leased")).StatusCode);
        await ApiAgent.EventuallyAsync(async () => (await agent.Http.GetAsync("/flotilla/v1/kv/leased")).StatusCode == HttpStatusCode.NotFound, "the leased key expired");

        await Http.AssertErrorAsync(await agent.Http.PutAsync("/flotilla/v1/kv/leased?ttl=soon", Http.Raw("x")), HttpStatusCode.BadRequest);
        await Http.AssertErrorAsync(await agent.Http.PutAsync("/flotilla/v1/kv/leased?ttl=0", Http.Raw("x")), HttpStatusCode.BadRequest);
        await Http.AssertErrorAsync(await agent.Http.GetAsync("/flotilla/v1/kv/leased"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Keys_inside_the_cluster_prefix_are_refused_403_and_path_tricks_400()
    {
        await Http.AssertErrorAsync(await agent.Http.GetAsync("/flotilla/v1/kv/flotilla/machines/m1"), HttpStatusCode.Forbidden);
        await Http.AssertErrorAsync(await agent.Http.PutAsync("/flotilla/v1/kv/flotilla/units/evil.service", Http.Raw("x")), HttpStatusCode.Forbidden);
        await Http.AssertErrorAsync(await agent.Http.DeleteAsync("/flotilla/v1/kv/flotilla?recursive=true"), HttpStatusCode.Forbidden);

        // Deleting "/" recursively would reach into the cluster prefix: refused. "/" alone is no key.
        await Http.AssertErrorAsync(await agent.Http.DeleteAsync("/flotilla/v1/kv/?recursive=true"), HttpStatusCode.Forbidden);
        await Http.AssertErrorAsync(await agent.Http.PutAsync("/flotilla/v1/kv/", Http.Raw("x")), HttpStatusCode.BadRequest);
        await Http.AssertErrorAsync(await agent.Http.GetAsync("/flotilla/v1/kv/"), HttpStatusCode.BadRequest);
        // A dot-dot path is resolved before routing (by the client or the server): it can only name a plain key.
        HttpResponseMessage dotDot = await agent.Http.PutAsync(new Uri(agent.TcpUrl + "/flotilla/v1/kv/a/../../kv/flotilla/units/evil.service"), Http.Raw("x"));
        Assert.Equal(HttpStatusCode.Forbidden, dotDot.StatusCode);
        await Http.AssertErrorAsync(await agent.Http.PutAsync("/flotilla/v1/kv/a//b", Http.Raw("x")), HttpStatusCode.BadRequest);
        Assert.NotEmpty((await agent.Cluster.ListMachinesAsync(default)).Entries);
        Assert.Null(await agent.Registry.GetAsync("/flotilla/units/evil.service"));
    }

    [Fact]
    public async Task A_key_longer_than_the_registry_allows_is_400()
    {
        string key = new('k', 5000);
        await Http.AssertErrorAsync(await agent.Http.PutAsync("/flotilla/v1/kv/" + key, Http.Raw("x")), HttpStatusCode.BadRequest);
        await Http.AssertErrorAsync(await agent.Http.GetAsync("/flotilla/v1/kv/" + key), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_oversized_value_is_413_and_not_stored()
    {
        string huge = new('v', 100 * 1024);
        await Http.AssertErrorAsync(await agent.Http.PutAsync("/flotilla/v1/kv/huge", Http.Raw(huge)), HttpStatusCode.RequestEntityTooLarge);
        await Http.AssertErrorAsync(await agent.Http.GetAsync("/flotilla/v1/kv/huge"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Watch_streams_puts_and_deletes_of_a_key_or_a_folder()
    {
        using var timeout = new CancellationTokenSource(ApiAgent.Patience);
        using HttpResponseMessage stream = await agent.Http.GetAsync("/flotilla/v1/kv/watched?watch=true&recursive=true", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("application/x-ndjson", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));

        await agent.Http.PutAsync("/flotilla/v1/kv/elsewhere", Http.Raw("ignored"));
        await agent.Http.PutAsync("/flotilla/v1/kv/watched/one", Http.Raw("1"));
        await agent.Http.DeleteAsync("/flotilla/v1/kv/watched/one");

        JsonElement put = JsonDocument.Parse((await reader.ReadLineAsync(timeout.Token))!).RootElement;
        Assert.Equal(("put", "/watched/one", "1"), (put.GetProperty("type").GetString(), put.GetProperty("key").GetString(), put.GetProperty("value").GetString()));
        JsonElement delete = JsonDocument.Parse((await reader.ReadLineAsync(timeout.Token))!).RootElement;
        Assert.Equal(("delete", "/watched/one"), (delete.GetProperty("type").GetString(), delete.GetProperty("key").GetString()));
        Assert.True(delete.GetProperty("revision").GetInt64() > put.GetProperty("revision").GetInt64());

        // From a past revision: the watch replays what happened since.
        long from = put.GetProperty("revision").GetInt64();
        using HttpResponseMessage replay = await agent.Http.GetAsync($"/flotilla/v1/kv/watched/one?watch=true&revision={from}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var replayReader = new StreamReader(await replay.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("put", JsonDocument.Parse((await replayReader.ReadLineAsync(timeout.Token))!).RootElement.GetProperty("type").GetString());
        Assert.Equal("delete", JsonDocument.Parse((await replayReader.ReadLineAsync(timeout.Token))!).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Watch_from_a_compacted_revision_ends_with_an_error_line_saying_410()
    {
        using var timeout = new CancellationTokenSource(ApiAgent.Patience);
        await agent.Http.PutAsync("/flotilla/v1/kv/old/a", Http.Raw("1"));
        await agent.Http.PutAsync("/flotilla/v1/kv/old/a", Http.Raw("2"));
        long now = await agent.Registry.GetRevisionAsync(timeout.Token);
        await agent.Registry.CompactAsync(now, timeout.Token);

        using HttpResponseMessage stream = await agent.Http.GetAsync("/flotilla/v1/kv/old?watch=true&recursive=true&revision=1", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        JsonElement error = JsonDocument.Parse((await reader.ReadLineAsync(timeout.Token))!).RootElement;
        Assert.Equal(("error", 410), (error.GetProperty("type").GetString(), error.GetProperty("code").GetInt32()));
        Assert.Contains("revision 1 was compacted", error.GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Null(await reader.ReadLineAsync(timeout.Token)); // and the stream ends
    }
}
