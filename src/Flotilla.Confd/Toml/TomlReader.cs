using System.Globalization;
using System.Text;

namespace Flotilla.Confd.Toml;

/// <summary>
/// Reads the part of TOML that confd's files use: tables (<c>[template]</c>, dotted headers), bare and
/// quoted keys, basic and literal strings (also multi-line), integers (decimal, 0x, 0o, 0b, with _),
/// floats, booleans, arrays (spanning lines, trailing comma) and comments. Anything else is an error
/// naming the file and line, never a silent misreading.
/// </summary>
public sealed class TomlReader
{
    private readonly string _file;
    private readonly string _text;
    private int _position;
    private int _line = 1;

    private TomlReader(string file, string text)
    {
        _file = file;
        _text = text;
    }

    /// <summary>Reads a file.</summary>
    /// <exception cref="TomlException">The file is not valid TOML (of the subset above).</exception>
    public static TomlTable ReadFile(string path) => Parse(path, File.ReadAllText(path));

    /// <summary>Parses <paramref name="text"/>; <paramref name="file"/> only names it in errors.</summary>
    public static TomlTable Parse(string file, string text) => new TomlReader(file, text).ParseDocument();

    private TomlTable ParseDocument()
    {
        var root = new TomlTable(1);
        var current = root;
        var defined = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            SkipBlankAndComments(newlines: true);
            if (AtEnd)
            {
                return root;
            }
            if (Peek == '[')
            {
                if (PeekAt(1) == '[')
                {
                    throw Error("arrays of tables ([[...]]) are not supported");
                }
                _position++;
                SkipSpaces();
                var path = ParseKeyPath();
                SkipSpaces();
                Expect(']');
                if (!defined.Add(string.Join('.', path)))
                {
                    throw Error($"table [{string.Join('.', path)}] is defined twice");
                }
                current = OpenTable(root, path);
                ExpectEndOfLine();
                continue;
            }

            var keyLine = _line;
            var keys = ParseKeyPath();
            SkipSpaces();
            Expect('=');
            SkipSpaces();
            var value = ParseValue();
            var target = keys.Count == 1 ? current : OpenTable(current, keys.Take(keys.Count - 1).ToList());
            if (!target.TryAdd(keys[^1], value, keyLine))
            {
                throw new TomlException(_file, keyLine, $"key \"{keys[^1]}\" is set twice");
            }
            ExpectEndOfLine();
        }
    }

    private TomlTable OpenTable(TomlTable from, List<string> path)
    {
        var table = from;
        foreach (var name in path)
        {
            if (table.TryGet(name, out var existing))
            {
                table = existing as TomlTable ?? throw Error($"key \"{name}\" is a value, not a table");
                continue;
            }
            var child = new TomlTable(_line);
            table.TryAdd(name, child, _line);
            table = child;
        }
        return table;
    }

    private List<string> ParseKeyPath()
    {
        var keys = new List<string> { ParseKey() };
        while (true)
        {
            SkipSpaces();
            if (Peek != '.')
            {
                return keys;
            }
            _position++;
            SkipSpaces();
            keys.Add(ParseKey());
        }
    }

    private string ParseKey()
    {
        if (Peek == '"')
        {
            return ParseBasicString();
        }
        if (Peek == '\'')
        {
            return ParseLiteralString();
        }
        var start = _position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek is '_' or '-'))
        {
            _position++;
        }
        if (start == _position)
        {
            throw Error(AtEnd || Peek is '\n' or '\r' ? "expected a key" : $"unexpected character '{Peek}' where a key should be");
        }
        return _text[start.._position];
    }

    private object ParseValue()
    {
        if (AtEnd || Peek is '\n' or '\r' or '#')
        {
            throw Error("expected a value");
        }
        switch (Peek)
        {
            case '"':
                return StartsWith("\"\"\"") ? ParseMultilineBasicString() : ParseBasicString();
            case '\'':
                return StartsWith("'''") ? ParseMultilineLiteralString() : ParseLiteralString();
            case '[':
                return ParseArray();
            case '{':
                throw Error("inline tables ({...}) are not supported");
        }
        var start = _position;
        while (!AtEnd && !(Peek is ',' or ']' or '#' or '\n' or '\r' or ' ' or '\t'))
        {
            _position++;
        }
        var word = _text[start.._position];
        return word switch
        {
            "true" => true,
            "false" => false,
            _ => ParseNumber(word),
        };
    }

    private object ParseNumber(string word)
    {
        var digits = word.Replace("_", "", StringComparison.Ordinal);
        var negative = digits.StartsWith('-');
        var unsigned = digits.TrimStart('+', '-');
        if (unsigned.Length > 2 && unsigned[0] == '0' && unsigned[1] is 'x' or 'o' or 'b')
        {
            var radix = unsigned[1] switch { 'x' => 16, 'o' => 8, _ => 2 };
            try
            {
                var value = Convert.ToInt64(unsigned[2..], radix);
                return negative ? -value : value;
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                throw Error($"\"{word}\" is not a valid integer");
            }
        }
        if (unsigned.Length > 0 && unsigned.All(char.IsAsciiDigit))
        {
            if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return integer;
            }
            throw Error($"integer \"{word}\" is out of range");
        }
        if (unsigned.Length > 0 && char.IsAsciiDigit(unsigned[0])
            && double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        throw Error(word.Length == 0 ? "expected a value" : $"\"{word}\" is not a value (strings need quotes)");
    }

    private List<object> ParseArray()
    {
        Expect('[');
        var items = new List<object>();
        while (true)
        {
            SkipBlankAndComments(newlines: true);
            if (AtEnd)
            {
                throw Error("unterminated array");
            }
            if (Peek == ']')
            {
                _position++;
                return items;
            }
            items.Add(ParseValue());
            SkipBlankAndComments(newlines: true);
            if (Peek == ',')
            {
                _position++;
            }
            else if (Peek != ']')
            {
                throw Error(AtEnd ? "unterminated array" : $"expected ',' or ']' in an array, found '{Peek}'");
            }
        }
    }

    private string ParseBasicString()
    {
        Expect('"');
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd || Peek is '\n' or '\r')
            {
                throw Error("unterminated string");
            }
            var c = _text[_position++];
            if (c == '"')
            {
                return builder.ToString();
            }
            if (c == '\\')
            {
                AppendEscape(builder);
            }
            else
            {
                builder.Append(c);
            }
        }
    }

    private string ParseMultilineBasicString()
    {
        _position += 3;
        SkipOneNewline();
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error("unterminated multi-line string");
            }
            if (StartsWith("\"\"\"") && !StartsWith("\"\"\"\""))
            {
                _position += 3;
                return builder.ToString();
            }
            var c = _text[_position++];
            if (c == '\\')
            {
                if (Peek is ' ' or '\t' or '\n' or '\r')
                {
                    // A line-ending backslash trims the newline and the white space that follows.
                    while (!AtEnd && Peek is ' ' or '\t' or '\n' or '\r')
                    {
                        if (Peek == '\n')
                        {
                            _line++;
                        }
                        _position++;
                    }
                    continue;
                }
                AppendEscape(builder);
                continue;
            }
            if (c == '\n')
            {
                _line++;
            }
            builder.Append(c);
        }
    }

    private string ParseLiteralString()
    {
        Expect('\'');
        var start = _position;
        while (!AtEnd && Peek != '\'' && Peek is not ('\n' or '\r'))
        {
            _position++;
        }
        if (AtEnd || Peek != '\'')
        {
            throw Error("unterminated string");
        }
        var value = _text[start.._position];
        _position++;
        return value;
    }

    private string ParseMultilineLiteralString()
    {
        _position += 3;
        SkipOneNewline();
        var start = _position;
        var end = _text.IndexOf("'''", _position, StringComparison.Ordinal);
        if (end < 0)
        {
            throw Error("unterminated multi-line string");
        }
        var value = _text[start..end];
        _line += value.Count(c => c == '\n');
        _position = end + 3;
        return value;
    }

    private void AppendEscape(StringBuilder builder)
    {
        if (AtEnd)
        {
            throw Error("unterminated string");
        }
        var c = _text[_position++];
        switch (c)
        {
            case 'b': builder.Append('\b'); break;
            case 't': builder.Append('\t'); break;
            case 'n': builder.Append('\n'); break;
            case 'f': builder.Append('\f'); break;
            case 'r': builder.Append('\r'); break;
            case 'e': builder.Append('\u001b'); break;
            case '"': builder.Append('"'); break;
            case '\\': builder.Append('\\'); break;
            case 'u' or 'U':
                var length = c == 'u' ? 4 : 8;
                if (_position + length > _text.Length
                    || !int.TryParse(_text.AsSpan(_position, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                    || !Rune.IsValid(code))
                {
                    throw Error($"invalid \\{c} escape in a string");
                }
                builder.Append(new Rune(code).ToString());
                _position += length;
                break;
            default:
                throw Error($"invalid escape \\{c} in a string");
        }
    }

    private void SkipOneNewline()
    {
        if (StartsWith("\r\n"))
        {
            _position += 2;
            _line++;
        }
        else if (Peek == '\n')
        {
            _position++;
            _line++;
        }
    }

    private void SkipSpaces()
    {
        while (!AtEnd && Peek is ' ' or '\t')
        {
            _position++;
        }
    }

    private void SkipBlankAndComments(bool newlines)
    {
        while (!AtEnd)
        {
            if (Peek is ' ' or '\t' or '\r')
            {
                _position++;
            }
            else if (Peek == '\n' && newlines)
            {
                _position++;
                _line++;
            }
            else if (Peek == '#')
            {
                while (!AtEnd && Peek != '\n')
                {
                    _position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private void ExpectEndOfLine()
    {
        SkipBlankAndComments(newlines: false);
        if (!AtEnd && Peek != '\n')
        {
            throw Error($"unexpected '{Peek}' after a value (one key = value per line)");
        }
    }

    private void Expect(char c)
    {
        if (AtEnd || Peek != c)
        {
            throw Error(AtEnd ? $"expected '{c}', found the end of the file" : $"expected '{c}', found '{Peek}'");
        }
        _position++;
    }

    private bool AtEnd => _position >= _text.Length;

    private char Peek => _position < _text.Length ? _text[_position] : '\0';

    private char PeekAt(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private bool StartsWith(string s) => _text.AsSpan(_position).StartsWith(s, StringComparison.Ordinal);

    private TomlException Error(string problem) => new(_file, _line, problem);
}
