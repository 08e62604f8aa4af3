using System.Text;
using System.Text.Json;
using Flotilla.Api.Hosting;
using Flotilla.Api.Json;
using Flotilla.Registry.Watching;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Api.Native;

/// <summary>
/// <c>GET /flotilla/v1/events</c>: cluster changes as server-sent events (<c>event: TYPE</c>,
/// <c>id: REVISION</c>, <c>data: JSON</c>), from the moment of the request until the client goes away.
/// A client that reconnects with Last-Event-ID resumes after that revision (while the store keeps it).
/// </summary>
public static class EventsEndpoint
{
    public static async Task ServeAsync(HttpContext context, ApiServices services)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        long fromRevision = long.TryParse(context.Request.Headers["Last-Event-ID"], out long last) && last > 0
            ? last + 1
            : await services.Registry.GetRevisionAsync(cancellationToken) + 1;
        IAsyncEnumerable<WatchBatch> batches = services.Registry.WatchAsync(services.Options.Layout.Prefix, fromRevision, cancellationToken);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";

        // A first comment, so the client knows the stream is open before the first change.
        await context.Response.Body.WriteAsync(": connected\n\n"u8.ToArray(), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
        await foreach (WatchBatch batch in batches)
        {
            foreach (WatchEvent change in batch.Events)
            {
                if (ClusterEventTranslator.Translate(services.Options.Layout, change, batch.Revision) is not { } cluster)
                {
                    continue;
                }

                string data = JsonSerializer.Serialize(cluster, ApiJsonContext.Web.ClusterEvent);
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"event: {cluster.Type}\nid: {batch.Revision}\ndata: {data}\n\n"), cancellationToken);
            }

            await context.Response.Body.FlushAsync(cancellationToken);
        }
    }
}
