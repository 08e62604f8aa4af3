using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Flotilla.Cli.Client.Http11;

namespace Flotilla.Cli.Client;

/// <summary>
/// Typed client of an agent's HTTP API (fleet v1 under /fleet/v1, ours under /flotilla/v1), over a
/// unix socket or TCP. Transport failures become <see cref="AgentUnreachableException"/>, error
/// answers <see cref="ApiException"/> with the agent's message.
/// </summary>
internal sealed class FlotillaApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ClientOptions _options;

    public FlotillaApiClient(ClientOptions options)
    {
        _options = options;
        _http = new HttpClient(new Http11Handler(options.Endpoint.SocketPath, ClientTls.FromOptions(options)), disposeHandler: true)
        {
            BaseAddress = options.Endpoint.BaseAddress,
            // Each call applies the request timeout itself, so streams can outlive it.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public ApiEndpoint Endpoint => _options.Endpoint;

    public void Dispose() => _http.Dispose();

    public Task<AgentHealth> GetHealthAsync(CancellationToken cancellationToken) =>
        GetJsonAsync("flotilla/v1/health", ApiJsonContext.Default.AgentHealth, cancellationToken);

    /// <summary>
    /// Items per listing request: the agent's <c>pageSize</c> extension (fleet's servers ignore it and send
    /// pages of 100), so a thousand units are one request and the CLI stays quick to answer.
    /// </summary>
    private const int ListingPageSize = 1000;

    public async Task<IReadOnlyList<FleetUnit>> ListUnitsAsync(CancellationToken cancellationToken)
    {
        var all = new List<FleetUnit>();
        string? token = null;
        do
        {
            var page = await GetJsonAsync(WithPageToken("fleet/v1/units?pageSize=" + ListingPageSize, token), ApiJsonContext.Default.FleetUnitPage, cancellationToken);
            all.AddRange(page.Units ?? []);
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));
        return all;
    }

    public async Task<IReadOnlyList<FleetUnitState>> ListStatesAsync(string? unitName, CancellationToken cancellationToken)
    {
        var all = new List<FleetUnitState>();
        string? token = null;
        var path = unitName is null
            ? "fleet/v1/state?pageSize=" + ListingPageSize
            : $"fleet/v1/state?unitName={Uri.EscapeDataString(unitName)}";
        do
        {
            var page = await GetJsonAsync(WithPageToken(path, token), ApiJsonContext.Default.FleetStatePage, cancellationToken);
            all.AddRange(page.States ?? []);
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));
        return all;
    }

    public async Task<IReadOnlyList<FleetMachine>> ListMachinesAsync(CancellationToken cancellationToken)
    {
        var all = new List<FleetMachine>();
        string? token = null;
        do
        {
            var page = await GetJsonAsync(WithPageToken("fleet/v1/machines?pageSize=" + ListingPageSize, token), ApiJsonContext.Default.FleetMachinePage, cancellationToken);
            all.AddRange(page.Machines ?? []);
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));
        return all;
    }

    /// <returns>The unit, or null when the registry has none of that name.</returns>
    public Task<FleetUnit?> GetUnitAsync(string name, CancellationToken cancellationToken) =>
        GetJsonOrNullAsync(UnitPath(name), ApiJsonContext.Default.FleetUnit, cancellationToken);

    /// <summary>Creates or replaces a unit (options + desired state), or only changes its desired state (no options).</summary>
    public async Task PutUnitAsync(FleetUnit unit, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(unit, ApiJsonContext.Default.FleetUnit);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await SendAsync(HttpMethod.Put, UnitPath(unit.Name), content, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public Task SetDesiredStateAsync(string name, string desiredState, CancellationToken cancellationToken) =>
        PutUnitAsync(new FleetUnit { Name = name, DesiredState = desiredState }, cancellationToken);

    /// <returns>False when there was no such unit.</returns>
    public async Task<bool> DeleteUnitAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, UnitPath(name), null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    /// <returns>The unit's detail, or null when there is no such unit.</returns>
    public Task<UnitDetail?> GetUnitDetailAsync(string name, CancellationToken cancellationToken) =>
        GetJsonOrNullAsync($"flotilla/v1/units/{Uri.EscapeDataString(name)}", ApiJsonContext.Default.UnitDetail, cancellationToken);

    public IAsyncEnumerable<JournalLine> ReadJournalAsync(string name, int lines, bool follow, CancellationToken cancellationToken) =>
        StreamAsync(
            $"flotilla/v1/units/{Uri.EscapeDataString(name)}/journal?lines={lines}&follow={(follow ? "true" : "false")}",
            ApiJsonContext.Default.JournalLine,
            cancellationToken);

    /// <returns>The key's value, or null when the key does not exist.</returns>
    public Task<KvValue?> GetKeyAsync(string key, CancellationToken cancellationToken) =>
        GetJsonOrNullAsync(KvPath(key), ApiJsonContext.Default.KvValue, cancellationToken);

    /// <summary>Every key under <paramref name="key"/> + "/", sorted.</summary>
    public Task<KvListing> ListKeysAsync(string key, CancellationToken cancellationToken) =>
        GetJsonAsync(KvPath(key) + "?recursive=true", ApiJsonContext.Default.KvListing, cancellationToken);

    public async Task<KvValue> PutKeyAsync(string key, string value, int? ttlSeconds, CancellationToken cancellationToken)
    {
        var path = ttlSeconds is { } ttl ? $"{KvPath(key)}?ttl={ttl}" : KvPath(key);
        using var content = new StringContent(value, Encoding.UTF8, "text/plain");
        using var response = await SendAsync(HttpMethod.Put, path, content, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await ReadJsonAsync(response, ApiJsonContext.Default.KvValue, cancellationToken);
    }

    /// <returns>How many keys went, or null when nothing was there.</returns>
    public async Task<int?> DeleteKeyAsync(string key, bool recursive, CancellationToken cancellationToken)
    {
        var path = recursive ? KvPath(key) + "?recursive=true" : KvPath(key);
        using var response = await SendAsync(HttpMethod.Delete, path, null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return (await ReadJsonAsync(response, ApiJsonContext.Default.KvDeleted, cancellationToken)).Deleted;
    }

    /// <summary>The changes under <paramref name="key"/>; an "error" line from the agent (the stream's last) is thrown as an <see cref="ApiException"/> with its code.</summary>
    public async IAsyncEnumerable<KvEvent> WatchKeysAsync(string key, bool recursive, long? revision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = KvPath(key) + "?watch=true" + (recursive ? "&recursive=true" : "") + (revision is { } r ? $"&revision={r}" : "");
        await foreach (var change in StreamAsync(path, ApiJsonContext.Default.KvEvent, cancellationToken))
        {
            if (change.Type == "error")
            {
                throw new ApiException((HttpStatusCode)(change.Code == 0 ? 500 : change.Code), change.Value ?? "the agent ended the watch");
            }

            yield return change;
        }
    }

    /// <summary>Keys are absolute like etcd v2's; a missing leading slash is added, as etcdctl did.</summary>
    public static string NormalizeKey(string key) => key.StartsWith('/') ? key : "/" + key;

    private static string KvPath(string key)
    {
        var segments = NormalizeKey(key).Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString);
        return "flotilla/v1/kv/" + string.Join('/', segments);
    }

    private static string UnitPath(string name) => $"fleet/v1/units/{Uri.EscapeDataString(name)}";

    private static string WithPageToken(string path, string? token) =>
        token is null ? path : $"{path}{(path.Contains('?') ? '&' : '?')}nextPageToken={Uri.EscapeDataString(token)}";

    private async Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await ReadJsonAsync(response, type, cancellationToken);
    }

    private async Task<T?> GetJsonOrNullAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return await ReadJsonAsync(response, type, cancellationToken);
    }

    private async IAsyncEnumerable<T> StreamAsync<T>(string path, JsonTypeInfo<T> type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                // The agent went away mid-stream: the stream simply ends.
                yield break;
            }

            if (line is null)
            {
                yield break;
            }

            if (line.Length == 0)
            {
                continue;
            }

            var item = JsonSerializer.Deserialize(line, type);
            if (item is not null)
            {
                yield return item;
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            return await _http.SendAsync(request, completion, timeout.Token);
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException auth)
        {
            throw new AgentUnreachableException($"TLS with the flotilla agent at {Endpoint.Display} failed: {auth.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new AgentUnreachableException($"cannot reach the flotilla agent at {Endpoint.Display}: is it running?", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AgentUnreachableException(
                $"the flotilla agent at {Endpoint.Display} did not answer within {_options.RequestTimeout.TotalSeconds:0.###}s (--request-timeout)", e);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string? message = null;
        try
        {
            message = JsonSerializer.Deserialize(body, ApiJsonContext.Default.ApiErrorBody)?.Error?.Message;
        }
        catch (JsonException)
        {
            // Not our error shape (a proxy, another server): fall back to the status line.
        }

        throw new ApiException(response.StatusCode, message ?? $"{(int)response.StatusCode} {response.ReasonPhrase}");
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken)
            ?? throw new ApiException(response.StatusCode, "the agent sent an empty answer");
    }
}
