using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Flotilla.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Api.Hosting;

/// <summary>
/// Reads request bodies within the size limit: a declared Content-Length over it is refused before a
/// byte is read, and a chunked body is cut off when it passes the limit (both 413).
/// </summary>
public static class RequestBody
{
    public static async Task<byte[]> ReadBytesAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        while (true)
        {
            int read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }
    }

    /// <summary>Reads a JSON body; 415 unless the content type is application/json, 400 when it does not parse.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpContext context, JsonTypeInfo<T> type, long limit)
    {
        if (!context.Request.HasJsonContentType())
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "request body must be JSON (Content-Type: application/json)");
        }

        byte[] body = await ReadBytesAsync(context, limit);
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new ApiException(400, "unable to decode body: null");
        }
        catch (JsonException error)
        {
            throw new ApiException(400, "unable to decode body: " + error.Message);
        }
    }

    private static ApiException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"request body exceeds the limit of {limit} bytes");
}
