using Flotilla.Api.Errors;
using Flotilla.Registry.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flotilla.Api.Hosting;

/// <summary>
/// Turns every failure into fleet's error body: <see cref="ApiException"/> with its status, Kestrel's
/// bad requests (body too large, malformed) with theirs, an unreachable registry as 503, anything else
/// as 500; and counts each finished request for /metrics.
/// </summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ApiServices services, IHostApplicationLifetime lifetime)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Streams (journal follow, watches, events) end when the server stops, not only when the client
        // leaves, so an agent's shutdown never waits for an open stream.
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.RequestAborted = aborted.Token;
        try
        {
            await next(context);

            // Routing's own refusals (405 for a known path with another method) have no body: give them fleet's.
            if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentType is null)
            {
                int status = context.Response.StatusCode;
                await ApiResponses.WriteErrorAsync(context, status, $"{ReasonPhrases.GetReasonPhrase(status).ToLowerInvariant()}: {context.Request.Method} {context.Request.Path}");
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (the normal end of a stream).
        }
        catch (Exception error) when (!context.Response.HasStarted)
        {
            (int status, string message) = error switch
            {
                ApiException api => (api.StatusCode, api.Message),
                BadHttpRequestException bad => (bad.StatusCode, bad.Message),
                RegistryInvalidRequestException invalid => (StatusCodes.Status400BadRequest, invalid.Message),
                RegistryException registry => (StatusCodes.Status503ServiceUnavailable, "registry unavailable: " + registry.Message),
                _ => (StatusCodes.Status500InternalServerError, error.Message),
            };
            if (status >= 500)
            {
                ApiLog.RequestFailed(services.Options.Logger, context.Request.Method, context.Request.Path, error);
            }

            context.Response.Clear();
            if (status == StatusCodes.Status413PayloadTooLarge)
            {
                // The rest of the body is never read: the connection cannot carry another request.
                context.Response.Headers.Connection = "close";
            }

            await ApiResponses.WriteErrorAsync(context, status, message);
        }
        finally
        {
            services.Requests.Count(context.Request.Method, context.Response.StatusCode);
        }
    }
}
