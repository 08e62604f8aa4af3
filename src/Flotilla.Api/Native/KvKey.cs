using Flotilla.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Api.Native;

/// <summary>
/// A discovery key of the kv endpoints: absolute ("/" + the route's rest), without empty, "." or ".."
/// segments (a key must mean one thing), and outside the cluster's prefix, which belongs to Flotilla
/// (403: a user must not edit units, placements or leases behind the engine's back).
/// </summary>
public static class KvKey
{
    public static string Check(string? routeKey, string clusterPrefix)
    {
        string key = "/" + (routeKey ?? "").TrimStart('/');
        string trimmed = key.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            throw new ApiException(400, "a key is needed: /flotilla/v1/kv/<key>");
        }

        foreach (string segment in trimmed[1..].Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                throw new ApiException(400, $"invalid key \"{key}\": empty, '.' and '..' segments are not allowed");
            }
        }

        if (IsInside(trimmed, clusterPrefix))
        {
            throw new ApiException(StatusCodes.Status403Forbidden, $"key {trimmed} is inside the cluster prefix {clusterPrefix}, which only Flotilla writes");
        }

        return trimmed;
    }

    /// <summary>Whether a key (or folder) is the cluster prefix or under it.</summary>
    public static bool IsInside(string key, string clusterPrefix) =>
        (key + "/").StartsWith(clusterPrefix, StringComparison.Ordinal);

    /// <summary>Whether a recursive operation on the folder would reach into the cluster prefix.</summary>
    public static bool Contains(string folder, string clusterPrefix) =>
        clusterPrefix.StartsWith(folder + "/", StringComparison.Ordinal);
}
