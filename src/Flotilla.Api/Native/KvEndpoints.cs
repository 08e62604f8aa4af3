using System.Globalization;
using Flotilla.Api.Errors;
using Flotilla.Api.Hosting;
using Flotilla.Api.Json;
using Flotilla.Registry.Data;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Api.Native;

/// <summary>
/// <c>/flotilla/v1/kv/{*key}</c>: discovery keys (what etcdctl v2 set/get/rm/ls did for fleet units).
/// Values are UTF-8 text. A folder is a key prefix: "/a/b" lists and deletes the keys under "/a/b/".
/// </summary>
public static class KvEndpoints
{
    public static void Map(RouteGroupBuilder native, ApiServices services)
    {
        native.MapGet("/kv/{*key}", (string? key, HttpContext context) => GetAsync(key, context, services));
        native.MapPut("/kv/{*key}", (string? key, HttpContext context) => PutAsync(key, context, services));
        native.MapDelete("/kv/{*key}", (string? key, HttpContext context) => DeleteAsync(key, context, services));
    }

    private static async Task GetAsync(string? routeKey, HttpContext context, ApiServices services)
    {
        string prefix = services.Options.Layout.Prefix;
        bool recursive = Flag(context, "recursive");
        string key = KvKey.Check(routeKey, prefix, rootAllowed: recursive);
        CancellationToken cancellationToken = context.RequestAborted;
        if (Flag(context, "watch"))
        {
            await WatchAsync(key, recursive, context, services);
            return;
        }

        IResult result;
        if (recursive)
        {
            RangeResult range = await services.Registry.RangeAsync(key + "/", 0, cancellationToken);
            result = ApiResponses.Json(
                new KvListing([.. range.Items.Where(i => !KvKey.IsInside(i.Key, prefix)).Select(i => new KvItem(i.Key, i.ValueText))], range.Revision),
                ApiJsonContext.Web.KvListing);
        }
        else
        {
            KeyValue? item = await services.Registry.GetAsync(key, 0, cancellationToken);
            result = item is null
                ? ApiResponses.Error(StatusCodes.Status404NotFound, $"key not found: {key}")
                : ApiResponses.Json(new KvEntry(key, item.ValueText, item.ModRevision), ApiJsonContext.Web.KvEntry);
        }

        await result.ExecuteAsync(context);
    }

    private static async Task<IResult> PutAsync(string? routeKey, HttpContext context, ApiServices services)
    {
        string key = KvKey.Check(routeKey, services.Options.Layout.Prefix);
        TimeSpan? ttl = ParseTtl(context.Request.Query["ttl"]);
        byte[] value = await RequestBody.ReadBytesAsync(context, services.Options.MaxRequestBodyBytes);
        CancellationToken cancellationToken = context.RequestAborted;
        long leaseId = 0;
        if (ttl is { } span)
        {
            LeaseGrant lease = await services.Registry.GrantLeaseAsync(span, cancellationToken);
            leaseId = lease.Id;
        }

        long revision = await services.Registry.PutAsync(key, value, leaseId, cancellationToken);
        return ApiResponses.Json(new KvEntry(key, RegistryTextOf(value), revision), ApiJsonContext.Web.KvEntry);
    }

    private static async Task<IResult> DeleteAsync(string? routeKey, HttpContext context, ApiServices services)
    {
        string prefix = services.Options.Layout.Prefix;
        bool recursive = Flag(context, "recursive");
        string key = KvKey.Check(routeKey, prefix, rootAllowed: recursive);
        CancellationToken cancellationToken = context.RequestAborted;
        long deleted;
        if (recursive)
        {
            if (KvKey.Contains(key, prefix))
            {
                throw new ApiException(StatusCodes.Status403Forbidden, $"deleting {key} recursively would delete the cluster prefix {prefix}");
            }

            TransactionResult result = await services.Registry.TransactAsync(
                new TransactionRequest([], [RegistryOperation.Delete(key), RegistryOperation.DeletePrefix(key + "/")]),
                cancellationToken);
            deleted = result.Results.Sum(r => r.Deleted);
        }
        else
        {
            deleted = (await services.Registry.DeleteAsync(key, cancellationToken)).Deleted;
        }

        return deleted == 0
            ? ApiResponses.Error(StatusCodes.Status404NotFound, $"key not found: {key}")
            : ApiResponses.Json(new KvDeleted(deleted), ApiJsonContext.Web.KvDeleted);
    }

    /// <summary>Streams changes of the key (or of every key under it) as ndjson until the client goes away.</summary>
    private static async Task WatchAsync(string key, bool recursive, HttpContext context, ApiServices services)
    {
        string? revisionText = context.Request.Query["revision"];
        long fromRevision = 0;
        if (!string.IsNullOrEmpty(revisionText)
            && (!long.TryParse(revisionText, NumberStyles.None, CultureInfo.InvariantCulture, out fromRevision) || fromRevision < 1))
        {
            throw new ApiException(400, $"invalid revision \"{revisionText}\": must be a positive whole number");
        }

        CancellationToken cancellationToken = context.RequestAborted;
        string prefix = services.Options.Layout.Prefix;
        if (fromRevision == 0)
        {
            // Fixed now, before the response starts, so nothing written after the client's request is missed.
            fromRevision = await services.Registry.GetRevisionAsync(cancellationToken) + 1;
        }

        IAsyncEnumerable<WatchBatch> batches = services.Registry.WatchAsync(recursive ? key + "/" : key, fromRevision, cancellationToken);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-ndjson";
        await context.Response.Body.FlushAsync(cancellationToken);
        try
        {
            await foreach (WatchBatch batch in batches)
            {
                foreach (WatchEvent change in batch.Events)
                {
                    string changed = change.Item.Key;
                    if (recursive ? KvKey.IsInside(changed, prefix) : changed != key)
                    {
                        continue;
                    }

                    bool put = change.Kind == WatchEventKind.Put;
                    await ApiResponses.WriteLineAsync(
                        context.Response,
                        new KvWatchEvent(put ? "put" : "delete", changed, put ? change.Item.ValueText : "", batch.Revision),
                        ApiJsonContext.Web.KvWatchEvent,
                        cancellationToken);
                }
            }
        }
        catch (RegistryCompactedException error)
        {
            // The status line went out with the headers, so the stream's last line says why it ends: a client
            // re-reads the keys and watches from now, instead of retrying a revision that will never come back.
            await ApiResponses.WriteLineAsync(
                context.Response,
                new KvWatchEvent("error", key, $"the history from revision {fromRevision} was compacted: {error.Message}", 0) { Code = StatusCodes.Status410Gone },
                ApiJsonContext.Web.KvWatchEvent,
                cancellationToken);
        }
    }

    private static TimeSpan? ParseTtl(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds is > 0 and <= 31_536_000
            ? TimeSpan.FromSeconds(seconds)
            : throw new ApiException(400, $"invalid ttl \"{text}\": must be whole seconds from 1 to 31536000");
    }

    private static bool Flag(HttpContext context, string name) =>
        (string?)context.Request.Query[name] switch
        {
            null or "" or "false" or "0" => false,
            "true" or "1" => true,
            string other => throw new ApiException(400, $"invalid {name} \"{other}\": must be true or false"),
        };

    private static string RegistryTextOf(byte[] value) => System.Text.Encoding.UTF8.GetString(value);
}
