using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Flotilla.Api.Errors;
using Flotilla.Api.Json;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Api.Hosting;

/// <summary>Writes JSON bodies with the source-generated metadata and errors in fleet's shape.</summary>
public static class ApiResponses
{
    public static IResult Json<T>(T value, JsonTypeInfo<T> type, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(value, type, "application/json; charset=utf-8", statusCode);

    public static IResult Error(int statusCode, string message) =>
        Results.Json(new ApiErrorBody(new ApiErrorDetail(statusCode, message)), ApiJsonContext.Web.ApiErrorBody, "application/json; charset=utf-8", statusCode);

    public static async Task WriteErrorAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, new ApiErrorBody(new ApiErrorDetail(statusCode, message)), ApiJsonContext.Web.ApiErrorBody, context.RequestAborted);
    }

    /// <summary>Writes one ndjson line and flushes it, so a streaming client sees it at once.</summary>
    public static async Task WriteLineAsync<T>(HttpResponse response, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        byte[] line = JsonSerializer.SerializeToUtf8Bytes(value, type);
        await response.Body.WriteAsync(line, cancellationToken);
        await response.Body.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
