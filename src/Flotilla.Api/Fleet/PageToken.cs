using System.Buffers.Text;
using System.Text;
using Flotilla.Api.Errors;

namespace Flotilla.Api.Fleet;

/// <summary>
/// fleet-style pagination: pages of <see cref="PageSize"/> items in key order; the token is opaque to
/// clients and carries the last key of the previous page, so a page never repeats or skips an item
/// because another was added or removed meanwhile.
/// </summary>
public static class PageToken
{
    public const int PageSize = 100;

    /// <summary>Takes the page after the token's key; returns it and the token for the next page (null at the end).</summary>
    public static (IReadOnlyList<T> Page, string? Next) Take<T>(IReadOnlyList<T> sorted, Func<T, string> keyOf, string? token)
    {
        string? after = Decode(token);
        IEnumerable<T> rest = after is null ? sorted : sorted.Where(item => string.CompareOrdinal(keyOf(item), after) > 0);
        List<T> page = [.. rest.Take(PageSize + 1)];
        if (page.Count <= PageSize)
        {
            return (page, null);
        }

        page.RemoveAt(PageSize);
        return (page, Encode(keyOf(page[^1])));
    }

    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("after:" + lastKey));

    /// <exception cref="ApiException">400: the token was not made by this API.</exception>
    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            string text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith("after:", StringComparison.Ordinal))
            {
                return text["after:".Length..];
            }
        }
        catch (FormatException)
        {
        }

        throw new ApiException(400, "invalid value for nextPageToken");
    }
}
