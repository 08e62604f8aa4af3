namespace Flotilla.Units.Fleet;

/// <summary>
/// Unit-name globs as fleet matched them (Go's <c>path.Match</c>): <c>*</c> any run of characters
/// except <c>/</c>, <c>?</c> one such character, <c>[...]</c> a class (<c>^</c> negates, ranges with
/// <c>-</c>), <c>\</c> escapes the next character.
/// </summary>
public static class FleetGlob
{
    /// <summary>True when <paramref name="name"/> matches; a malformed pattern matches nothing (as in fleet).</summary>
    public static bool IsMatch(string pattern, string name) => Match(pattern, 0, name, 0) == MatchResult.Match;

    /// <summary>Null when <paramref name="pattern"/> is well formed, else why not.</summary>
    public static string? Validate(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    if (++i >= pattern.Length)
                    {
                        return "pattern ends with a lone '\\'";
                    }

                    break;
                case '[':
                    var end = ClassEnd(pattern, i);
                    if (end < 0)
                    {
                        return "unterminated character class";
                    }

                    i = end;
                    break;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="pattern"/> has no glob syntax, so it names one unit exactly.</summary>
    public static bool IsLiteral(string pattern) => pattern.AsSpan().IndexOfAny("*?[\\") < 0;

    private enum MatchResult
    {
        Match,
        NoMatch,
        BadPattern,
    }

    private static MatchResult Match(string pattern, int p, string name, int n)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            if (c == '*')
            {
                // Collapse runs of stars, then try every split that does not cross a '/'.
                while (p < pattern.Length && pattern[p] == '*')
                {
                    p++;
                }

                if (p == pattern.Length)
                {
                    return name.IndexOf('/', n) < 0 ? MatchResult.Match : MatchResult.NoMatch;
                }

                for (var k = n; k <= name.Length; k++)
                {
                    var result = Match(pattern, p, name, k);
                    if (result != MatchResult.NoMatch)
                    {
                        return result;
                    }

                    if (k < name.Length && name[k] == '/')
                    {
                        break;
                    }
                }

                return MatchResult.NoMatch;
            }

            if (n >= name.Length)
            {
                return Validate(pattern[p..]) is null ? MatchResult.NoMatch : MatchResult.BadPattern;
            }

            switch (c)
            {
                case '?':
                    if (name[n] == '/')
                    {
                        return MatchResult.NoMatch;
                    }

                    p++;
                    break;
                case '[':
                    var end = ClassEnd(pattern, p);
                    if (end < 0)
                    {
                        return MatchResult.BadPattern;
                    }

                    if (name[n] == '/' || !ClassContains(pattern, p + 1, end, name[n]))
                    {
                        return MatchResult.NoMatch;
                    }

                    p = end + 1;
                    break;
                case '\\':
                    if (p + 1 >= pattern.Length)
                    {
                        return MatchResult.BadPattern;
                    }

                    if (pattern[p + 1] != name[n])
                    {
                        return MatchResult.NoMatch;
                    }

                    p += 2;
                    break;
                default:
                    if (c != name[n])
                    {
                        return MatchResult.NoMatch;
                    }

                    p++;
                    break;
            }

            n++;
        }

        return n == name.Length ? MatchResult.Match : MatchResult.NoMatch;
    }

    /// <summary>Index of the <c>]</c> closing the class that starts at <paramref name="open"/>, or -1.</summary>
    private static int ClassEnd(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        var first = true;
        for (; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == ']' && !first)
            {
                return i;
            }

            if (c == '\\')
            {
                i++;
            }

            first = false;
        }

        return -1;
    }

    private static bool ClassContains(string pattern, int start, int end, char c)
    {
        var negated = start < end && pattern[start] == '^';
        if (negated)
        {
            start++;
        }

        var found = false;
        for (var i = start; i < end; i++)
        {
            var low = pattern[i] == '\\' ? pattern[++i] : pattern[i];
            var high = low;
            if (i + 2 < end && pattern[i + 1] == '-')
            {
                i += 2;
                high = pattern[i] == '\\' ? pattern[++i] : pattern[i];
            }

            if (c >= low && c <= high)
            {
                found = true;
            }
        }

        return found != negated;
    }
}
