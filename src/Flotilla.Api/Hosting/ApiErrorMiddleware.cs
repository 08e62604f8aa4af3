using Flotilla.Api.Errors;
using Flotilla.Registry.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Flotilla.Api.Hosting;

/// <summary>
/// Turns every failure into fleet's error body: <see cref="ApiException"/> with its status, Kestrel's
/// bad requests (body too large, malformed) with theirs, an unreachable registry as 503, anything else
/// as 500; and counts each finished request for /metrics.
/// </summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ApiServices services)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
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
            await ApiResponses.WriteErrorAsync(context, status, message);
        }
        finally
        {
            services.Requests.Count(context.Request.Method, context.Response.StatusCode);
        }
    }
}
