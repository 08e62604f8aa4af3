using System.Globalization;
using System.Text;
using Flotilla.Templates.Execution;
using Flotilla.Templates.Formatting;

namespace Flotilla.Templates.Confd;

/// <summary>
/// Go's encoding/json decoding into interface{} values (objects become map[string]interface {}, arrays
/// []interface {}, every number float64) with Go's error messages.
/// </summary>
internal sealed class GoJson
{
    private readonly string _text;
    private int _position;

    private GoJson(string text) => _text = text;

    /// <summary>Decodes a document; returns the value and the JSON kind of the top level ("object", "array", ...).</summary>
    public static (object? Value, string Kind) Decode(string text)
    {
        var parser = new GoJson(text);
        parser.SkipSpace();
        if (parser.AtEnd)
        {
            throw new TemplateFunctionException("unexpected end of JSON input");
        }
        var kind = parser.Peek() switch
        {
            '{' => "object",
            '[' => "array",
            '"' => "string",
            't' or 'f' => "bool",
            'n' => "null",
            _ => "number",
        };
        var value = parser.ParseValue("looking for beginning of value");
        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            throw parser.InvalidCharacter("after top-level value");
        }
        return (value, kind);
    }

    private bool AtEnd => _position >= _text.Length;

    private char Peek() => _text[_position];

    private void SkipSpace()
    {
        while (!AtEnd && Peek() is ' ' or '\t' or '\r' or '\n')
        {
            _position++;
        }
    }

    private TemplateFunctionException InvalidCharacter(string context)
    {
        if (AtEnd)
        {
            return new TemplateFunctionException("unexpected end of JSON input");
        }
        return new TemplateFunctionException($"invalid character {QuoteCharacter(Peek())} {context}");
    }

    private static string QuoteCharacter(char c)
    {
        if (c == '\'')
        {
            return "'\\''";
        }
        if (c == '"')
        {
            return "'\"'";
        }
        var quoted = GoQuoting.Quote(c.ToString());
        return "'" + quoted[1..^1] + "'";
    }

    private object? ParseValue(string context)
    {
        SkipSpace();
        if (AtEnd)
        {
            throw new TemplateFunctionException("unexpected end of JSON input");
        }
        switch (Peek())
        {
            case '{':
                return ParseObject();
            case '[':
                return ParseArray();
            case '"':
                return ParseString();
            case 't':
                ParseLiteral("true");
                return true;
            case 'f':
                ParseLiteral("false");
                return false;
            case 'n':
                ParseLiteral("null");
                return null;
            case '-' or (>= '0' and <= '9'):
                return ParseNumber();
            default:
                throw InvalidCharacter(context);
        }
    }

    private void ParseLiteral(string literal)
    {
        for (var i = 0; i < literal.Length; i++)
        {
            if (AtEnd)
            {
                throw new TemplateFunctionException("unexpected end of JSON input");
            }
            if (Peek() != literal[i])
            {
                throw InvalidCharacter($"in literal {literal} (expecting {QuoteCharacter(literal[i])})");
            }
            _position++;
        }
    }

    private GoMap ParseObject()
    {
        _position++;
        var entries = GoMap.NewEntries();
        SkipSpace();
        if (!AtEnd && Peek() == '}')
        {
            _position++;
            return new GoMap(GoValues.Interface, entries);
        }
        while (true)
        {
            SkipSpace();
            if (AtEnd || Peek() != '"')
            {
                throw InvalidCharacter("looking for beginning of object key string");
            }
            var key = ParseString();
            SkipSpace();
            if (AtEnd || Peek() != ':')
            {
                throw InvalidCharacter("after object key");
            }
            _position++;
            entries[key] = ParseValue("looking for beginning of value");
            SkipSpace();
            if (AtEnd)
            {
                throw new TemplateFunctionException("unexpected end of JSON input");
            }
            if (Peek() == ',')
            {
                _position++;
                continue;
            }
            if (Peek() == '}')
            {
                _position++;
                return new GoMap(GoValues.Interface, entries);
            }
            throw InvalidCharacter("after object key:value pair");
        }
    }

    private GoSlice ParseArray()
    {
        _position++;
        var items = new List<object?>();
        SkipSpace();
        if (!AtEnd && Peek() == ']')
        {
            _position++;
            return new GoSlice(GoValues.Interface, []);
        }
        while (true)
        {
            items.Add(ParseValue("looking for beginning of value"));
            SkipSpace();
            if (AtEnd)
            {
                throw new TemplateFunctionException("unexpected end of JSON input");
            }
            if (Peek() == ',')
            {
                _position++;
                continue;
            }
            if (Peek() == ']')
            {
                _position++;
                return new GoSlice(GoValues.Interface, [.. items]);
            }
            throw InvalidCharacter("after array element");
        }
    }

    private string ParseString()
    {
        _position++;
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw new TemplateFunctionException("unexpected end of JSON input");
            }
            var c = Peek();
            if (c == '"')
            {
                _position++;
                return builder.ToString();
            }
            if (c < ' ')
            {
                throw InvalidCharacter("in string literal");
            }
            if (c != '\\')
            {
                builder.Append(c);
                _position++;
                continue;
            }
            _position++;
            if (AtEnd)
            {
                throw new TemplateFunctionException("unexpected end of JSON input");
            }
            var escape = Peek();
            _position++;
            switch (escape)
            {
                case '"' or '\\' or '/': builder.Append(escape); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    var code = 0;
                    for (var i = 0; i < 4; i++)
                    {
                        if (AtEnd)
                        {
                            throw new TemplateFunctionException("unexpected end of JSON input");
                        }
                        var digit = HexDigit(Peek());
                        if (digit < 0)
                        {
                            throw InvalidCharacter("in \\u hexadecimal character escape");
                        }
                        code = (code * 16) + digit;
                        _position++;
                    }
                    builder.Append((char)code);
                    break;
                default:
                    _position--;
                    throw InvalidCharacter("in string escape code");
            }
        }
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private double ParseNumber()
    {
        var start = _position;
        if (Peek() == '-')
        {
            _position++;
            if (AtEnd || Peek() is < '0' or > '9')
            {
                throw InvalidCharacter("in numeric literal");
            }
        }
        if (Peek() == '0')
        {
            _position++;
        }
        else
        {
            SkipDigits();
        }
        if (!AtEnd && Peek() == '.')
        {
            _position++;
            if (AtEnd || Peek() is < '0' or > '9')
            {
                throw InvalidCharacter("after decimal point in numeric literal");
            }
            SkipDigits();
        }
        if (!AtEnd && Peek() is 'e' or 'E')
        {
            _position++;
            if (!AtEnd && Peek() is '+' or '-')
            {
                _position++;
            }
            if (AtEnd || Peek() is < '0' or > '9')
            {
                throw InvalidCharacter("in exponent of numeric literal");
            }
            SkipDigits();
        }
        return double.Parse(_text.AsSpan(start, _position - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private void SkipDigits()
    {
        while (!AtEnd && Peek() is >= '0' and <= '9')
        {
            _position++;
        }
    }
}
