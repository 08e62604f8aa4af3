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

    /// <summary>The largest page a client may ask for with the <c>pageSize</c> extension.</summary>
    public const int MaxPageSize = 10_000;

    /// <summary>Takes the page after the token's key; returns it and the token for the next page (null at the end).</summary>
    public static (IReadOnlyList<T> Page, string? Next) Take<T>(IReadOnlyList<T> sorted, Func<T, string> keyOf, string? token, int pageSize = PageSize)
    {
        string? after = Decode(token);
        IEnumerable<T> rest = after is null ? sorted : sorted.Where(item => string.CompareOrdinal(keyOf(item), after) > 0);
        List<T> page = [.. rest.Take(pageSize + 1)];
        if (page.Count <= pageSize)
        {
            return (page, null);
        }

        page.RemoveAt(pageSize);
        return (page, Encode(keyOf(page[^1])));
    }

    /// <summary>
    /// The page size a request asks for: fleet's 100 unless the Flotilla extension <c>pageSize</c> (1 to
    /// <see cref="MaxPageSize"/>) is given. fleet's clients never send it; ours do, so a listing of a
    /// thousand units is one request instead of ten.
    /// </summary>
    /// <exception cref="ApiException">400: not a number in range.</exception>
    public static int SizeOf(string? requested)
    {
        if (string.IsNullOrEmpty(requested))
        {
            return PageSize;
        }

        return int.TryParse(requested, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size) && size is >= 1 and <= MaxPageSize
            ? size
            : throw new ApiException(400, $"invalid value for pageSize (expected 1 to {MaxPageSize})");
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
