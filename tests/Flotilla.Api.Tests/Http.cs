using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Flotilla.Api.Tests;

/// <summary>Small helpers for requests and for reading fleet-shaped answers.</summary>
internal static class Http
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts fleet's error body: <c>{"error":{"code":N,"message":"..."}}</c> with the status repeated.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonElement error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal((int)expected, error.GetProperty("code").GetInt32());
        string message = error.GetProperty("message").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message;
    }

    public static async Task<HttpResponseMessage> PutAsync(HttpClient client, string path, string json) =>
        await client.PutAsync(path, Json(json));

    public static HttpContent Raw(string text, string? contentType = null)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
