namespace Flotilla.Confd.Stores;

/// <summary>
/// The YAML confd's file backend reads, flattened to keys as confd flattens it: nested mappings become
/// paths (<c>a: {b: 1}</c> is <c>/a/b = 1</c>) and list items are numbered (<c>/list/0</c>). Supported:
/// block mappings and sequences of scalars or mappings, plain and quoted scalars, comments. Flow
/// collections, anchors and multi-line scalars are errors naming the file and line.
/// </summary>
internal static class YamlKeyReader
{
    public static IReadOnlyList<KeyValuePair<string, string>> Read(string file, string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        // Open containers: indentation of their entries, their key path, and the next list index.
        var stack = new List<(int Indent, string Path, int NextIndex)> { (-1, "", 0) };
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = StripComment(lines[number - 1]).TrimEnd();
            if (line.Trim().Length == 0 || line.Trim() is "---" or "...")
            {
                continue;
            }
            var indent = line.Length - line.TrimStart(' ').Length;
            var content = line.Trim();
            while (stack.Count > 1 && indent <= stack[^1].Indent && !(content.StartsWith("- ", StringComparison.Ordinal) || content == "-") )
            {
                stack.RemoveAt(stack.Count - 1);
            }
            while (stack.Count > 1 && indent < stack[^1].Indent)
            {
                stack.RemoveAt(stack.Count - 1);
            }

            if (content == "-" || content.StartsWith("- ", StringComparison.Ordinal))
            {
                var parent = stack[^1];
                var itemPath = $"{parent.Path}/{parent.NextIndex}";
                stack[^1] = parent with { NextIndex = parent.NextIndex + 1 };
                var item = content.Length > 1 ? content[2..].Trim() : "";
                if (item.Length == 0 || SplitKey(item) is not null)
                {
                    // A mapping inside a list item: its entries are indented past the dash.
                    stack.Add((indent + 1, itemPath, 0));
                    if (item.Length > 0)
                    {
                        AddEntry(file, number, item, indent + 2, itemPath, stack, pairs);
                    }
                    continue;
                }
                pairs.Add(new(itemPath, Scalar(file, number, item)));
                continue;
            }

            AddEntry(file, number, content, indent, stack[^1].Path, stack, pairs);
        }
        return pairs;
    }

    private static void AddEntry(string file, int number, string content, int indent, string parentPath,
        List<(int Indent, string Path, int NextIndex)> stack, List<KeyValuePair<string, string>> pairs)
    {
        var split = SplitKey(content) ?? throw new FormatException($"{file}:{number}: expected \"key: value\"");
        var path = $"{parentPath}/{Scalar(file, number, split.Key)}";
        if (split.Value.Length == 0)
        {
            stack.Add((indent, path, 0));
            return;
        }
        pairs.Add(new(path, Scalar(file, number, split.Value)));
    }

    private static (string Key, string Value)? SplitKey(string content)
    {
        if (content.StartsWith('"') || content.StartsWith('\''))
        {
            var close = content.IndexOf(content[0], 1);
            if (close > 0 && close + 1 < content.Length && content[close + 1] == ':')
            {
                return (content[..(close + 1)], content[(close + 2)..].Trim());
            }
            return null;
        }
        var colon = content.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0)
        {
            return (content[..colon], content[(colon + 2)..].Trim());
        }
        return content.EndsWith(':') ? (content[..^1], "") : null;
    }

    private static string Scalar(string file, int number, string text)
    {
        if (text.Length >= 2 && ((text[0] == '"' && text[^1] == '"') || (text[0] == '\'' && text[^1] == '\'')))
        {
            var inner = text[1..^1];
            return text[0] == '\''
                ? inner.Replace("''", "'", StringComparison.Ordinal)
                : System.Text.RegularExpressions.Regex.Unescape(inner);
        }
        if (text[0] is '[' or '{' or '&' or '*' or '|' or '>')
        {
            throw new FormatException($"{file}:{number}: flow collections, anchors and block scalars are not supported");
        }
        return text;
    }

    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'' && (i == 0 || line[i - 1] is ' ' or ':' or '-'))
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] is ' ' or '\t'))
            {
                return line[..i];
            }
        }
        return line;
    }
}
