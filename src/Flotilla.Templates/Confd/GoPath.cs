namespace Flotilla.Templates.Confd;

/// <summary>Go's path package (slash-separated paths): Clean, Base, Dir, Join and Match.</summary>
internal static class GoPath
{
    public const string BadPattern = "syntax error in pattern";

    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }
        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var element in path.Split('/'))
        {
            if (element.Length == 0 || element == ".")
            {
                continue;
            }
            if (element == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add("..");
                }
                continue;
            }
            parts.Add(element);
        }
        var joined = string.Join('/', parts);
        if (rooted)
        {
            return "/" + joined;
        }
        return joined.Length == 0 ? "." : joined;
    }

    public static string Base(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }
        path = path.TrimEnd('/');
        if (path.Length == 0)
        {
            return "/";
        }
        var slash = path.LastIndexOf('/');
        return slash >= 0 ? path[(slash + 1)..] : path;
    }

    public static string Dir(string path)
    {
        var slash = path.LastIndexOf('/');
        return Clean(path[..(slash + 1)]);
    }

    public static string Join(params string[] elements)
    {
        var nonEmpty = elements.Where(e => e.Length > 0).ToArray();
        return nonEmpty.Length == 0 ? "" : Clean(string.Join('/', nonEmpty));
    }

    /// <summary>
    /// Go's path.Match: <c>*</c> matches any run of non-slash characters, <c>?</c> one non-slash character,
    /// <c>[...]</c> a class, <c>\</c> escapes. A malformed pattern throws with Go's "syntax error in pattern".
    /// </summary>
    public static bool Match(string pattern, string name)
    {
        while (pattern.Length > 0)
        {
            var (star, chunk, rest) = ScanChunk(pattern);
            pattern = rest;
            if (star && chunk.Length == 0)
            {
                // A trailing * matches the rest of the name unless it has a slash.
                return !name.Contains('/', StringComparison.Ordinal);
            }
            var (remainder, ok) = MatchChunk(chunk, name);
            if (ok && (remainder.Length == 0 || pattern.Length > 0))
            {
                name = remainder;
                continue;
            }
            var matchedAfterSkip = false;
            if (star)
            {
                // Try to match after skipping 1..n characters, never skipping a slash.
                for (var i = 0; i < name.Length && name[i] != '/'; i++)
                {
                    var (skipped, skippedOk) = MatchChunk(chunk, name[(i + 1)..]);
                    if (skippedOk)
                    {
                        if (pattern.Length == 0 && skipped.Length > 0)
                        {
                            continue;
                        }
                        name = skipped;
                        matchedAfterSkip = true;
                        break;
                    }
                }
            }
            if (matchedAfterSkip)
            {
                continue;
            }
            // Before answering no, make sure the rest of the pattern is well formed.
            while (pattern.Length > 0)
            {
                (_, chunk, pattern) = ScanChunk(pattern);
                MatchChunk(chunk, "");
            }
            return false;
        }
        return name.Length == 0;
    }

    private static (bool Star, string Chunk, string Remainder) ScanChunk(string pattern)
    {
        var star = false;
        while (pattern.Length > 0 && pattern[0] == '*')
        {
            pattern = pattern[1..];
            star = true;
        }
        var inRange = false;
        var i = 0;
        for (; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 < pattern.Length)
                {
                    i++;
                }
            }
            else if (c == '[')
            {
                inRange = true;
            }
            else if (c == ']')
            {
                inRange = false;
            }
            else if (c == '*' && !inRange)
            {
                break;
            }
        }
        return (star, pattern[..i], pattern[i..]);
    }

    /// <summary>Matches one chunk at the start of <paramref name="s"/>; keeps checking syntax after a failure.</summary>
    private static (string Remainder, bool Ok) MatchChunk(string chunk, string s)
    {
        var failed = false;
        while (chunk.Length > 0)
        {
            if (!failed && s.Length == 0)
            {
                failed = true;
            }
            switch (chunk[0])
            {
                case '[':
                {
                    var r = -1;
                    if (!failed)
                    {
                        r = char.ConvertToUtf32(s, 0);
                        s = s[(char.IsSurrogatePair(s, 0) ? 2 : 1)..];
                    }
                    chunk = chunk[1..];
                    var negated = false;
                    if (chunk.Length > 0 && chunk[0] == '^')
                    {
                        negated = true;
                        chunk = chunk[1..];
                    }
                    var match = false;
                    var ranges = 0;
                    while (true)
                    {
                        if (chunk.Length > 0 && chunk[0] == ']' && ranges > 0)
                        {
                            chunk = chunk[1..];
                            break;
                        }
                        (var low, chunk) = Escaped(chunk);
                        var high = low;
                        if (chunk[0] == '-')
                        {
                            (high, chunk) = Escaped(chunk[1..]);
                        }
                        if (low <= r && r <= high)
                        {
                            match = true;
                        }
                        ranges++;
                    }
                    if (match == negated)
                    {
                        failed = true;
                    }
                    break;
                }
                case '?':
                    if (!failed)
                    {
                        if (s[0] == '/')
                        {
                            failed = true;
                        }
                        s = s[(char.IsSurrogatePair(s, 0) ? 2 : 1)..];
                    }
                    chunk = chunk[1..];
                    break;
                default:
                    if (chunk[0] == '\\')
                    {
                        chunk = chunk[1..];
                        if (chunk.Length == 0)
                        {
                            throw new TemplateFunctionException(BadPattern);
                        }
                    }
                    if (!failed)
                    {
                        if (chunk[0] != s[0])
                        {
                            failed = true;
                        }
                        s = s[1..];
                    }
                    chunk = chunk[1..];
                    break;
            }
        }
        return failed ? ("", false) : (s, true);
    }

    private static (int Rune, string Remainder) Escaped(string chunk)
    {
        if (chunk.Length == 0 || chunk[0] == '-' || chunk[0] == ']')
        {
            throw new TemplateFunctionException(BadPattern);
        }
        if (chunk[0] == '\\')
        {
            chunk = chunk[1..];
            if (chunk.Length == 0)
            {
                throw new TemplateFunctionException(BadPattern);
            }
        }
        var rune = char.ConvertToUtf32(chunk, 0);
        var rest = chunk[(char.IsSurrogatePair(chunk, 0) ? 2 : 1)..];
        if (rest.Length == 0)
        {
            throw new TemplateFunctionException(BadPattern);
        }
        return (rune, rest);
    }

    /// <summary>Splits a cleaned path into its slash-separated terms (memkv's pathToTerms).</summary>
    public static string[] Terms(string path) => Clean(path).Split('/');
}
