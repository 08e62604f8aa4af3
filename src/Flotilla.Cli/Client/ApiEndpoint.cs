using Flotilla.Cli.Agent;

namespace Flotilla.Cli.Client;

/// <summary>
/// Where the agent's API is: a unix socket (<c>/path</c> or <c>unix:///path</c>) or an http(s) URL.
/// fleetctl accepted a comma-separated list; we take its first entry.
/// </summary>
internal sealed record ApiEndpoint(string Display, string? SocketPath, Uri BaseAddress)
{
    /// <summary>The local agent's socket: DATA-DIR/flotilla.sock, the agent's own default.</summary>
    public static string DefaultSocketPath() => Path.Combine(AgentPaths.DefaultDataDirectory(), "flotilla.sock");

    /// <returns>The endpoint, or null with <paramref name="error"/> set when the text is not one.</returns>
    public static ApiEndpoint? Parse(string text, out string? error)
    {
        error = null;
        var first = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        if (first.StartsWith("unix://", StringComparison.Ordinal))
        {
            first = first["unix://".Length..];
        }

        if (first.StartsWith('/'))
        {
            // Any host name does: the connection goes to the socket whatever the URL says.
            return new ApiEndpoint(first, first, new Uri("http://localhost/"));
        }

        if (Uri.TryCreate(first, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            var baseText = uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/";
            return new ApiEndpoint(first, null, new Uri(baseText));
        }

        error = $"invalid endpoint \"{text}\": give a unix socket path or an http(s) URL";
        return null;
    }
}
