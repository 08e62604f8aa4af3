using System.Text;
using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Units.Exec;

/// <summary>
/// Splits an exec line into words the way systemd does (extract_first_word with unquoting and C
/// unescaping): whitespace separates words, <c>"..."</c> and <c>'...'</c> group and join like a
/// shell, and backslash escapes work both inside and outside either kind of quote.
/// </summary>
/// <remarks>
/// An escape systemd does not know (<c>\q</c>, <c>\$</c>, <c>\x4g</c>, <c>\x00</c>, ...) is kept as
/// written, backslash included, as systemd does after logging "Ignoring unknown escape sequences":
/// shell snippets such as <c>sh -c 'echo \$HOME'</c> are common and load on systemd. A trailing
/// backslash outside quotes is an error here (systemd keeps it with a warning); a unit file cannot
/// normally produce one because it would continue the line.
/// </remarks>
internal static class ExecLineTokenizer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static List<ExecLineToken> Split(string value)
    {
        var tokens = new List<ExecLineToken>();
        var word = new WordBuilder(value);
        var i = 0;
        while (true)
        {
            while (i < value.Length && IsWhitespace(value[i]))
            {
                i++;
            }

            if (i == value.Length)
            {
                return tokens;
            }

            // Only the raw text decides: a quoted ";" is an ordinary argument.
            if (value[i] == ';' && EndsWord(value, i + 1))
            {
                tokens.Add(ExecLineToken.Separator);
                i++;
                continue;
            }

            if (value[i] == '\\' && i + 1 < value.Length && value[i + 1] == ';' && EndsWord(value, i + 2))
            {
                tokens.Add(ExecLineToken.Word(";"));
                i += 2;
                continue;
            }

            // Most words have no quotes or escapes: take them as they are, without a builder.
            var plainEnd = PlainWordEnd(value, i);
            if (plainEnd > 0)
            {
                tokens.Add(ExecLineToken.Word(value[i..plainEnd]));
                i = plainEnd;
                continue;
            }

            i = ReadWord(value, i, word);
            tokens.Add(ExecLineToken.Word(word.ToStringAndClear()));
        }
    }

    /// <summary>The end of the word at <paramref name="start"/> if it has no quote or backslash, else -1.</summary>
    private static int PlainWordEnd(string value, int start)
    {
        for (var i = start; i < value.Length; i++)
        {
            var c = value[i];
            if (IsWhitespace(c))
            {
                return i;
            }

            if (c is '\\' or '"' or '\'')
            {
                return -1;
            }
        }

        return value.Length;
    }

    private static int ReadWord(string value, int i, WordBuilder word)
    {
        var quote = '\0';
        while (i < value.Length)
        {
            var c = value[i];
            if (quote == '\0' && IsWhitespace(c))
            {
                break;
            }

            if (c == '\\')
            {
                if (i + 1 == value.Length)
                {
                    throw quote == '\0'
                        ? new UnitValueException($"trailing backslash in {QuotedText.Quote(value)}")
                        : Unbalanced(value);
                }

                i = word.AppendEscape(i + 1);
                continue;
            }

            if (quote == '\0' && c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == quote)
            {
                quote = '\0';
            }
            else
            {
                word.Append(c);
            }

            i++;
        }

        if (quote != '\0')
        {
            throw Unbalanced(value);
        }

        return i;
    }

    private static UnitValueException Unbalanced(string value) => new($"unbalanced quotes in {QuotedText.Quote(value)}");

    private static bool EndsWord(string value, int index) => index == value.Length || IsWhitespace(value[index]);

    // systemd's WHITESPACE set.
    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r';

    /// <summary>
    /// Collects one word. <c>\xHH</c> and octal escapes give raw bytes (as in systemd), so bytes
    /// are gathered and decoded as UTF-8 before the next character, which lets <c>\xc3\xa9</c>
    /// spell <c>é</c>.
    /// </summary>
    private sealed class WordBuilder(string value)
    {
        private readonly StringBuilder _text = new();
        private readonly List<byte> _bytes = [];

        public void Append(char c)
        {
            FlushBytes();
            _text.Append(c);
        }

        /// <summary>Decodes the escape whose letter is at <paramref name="index"/>; returns the index after it.</summary>
        public int AppendEscape(int index)
        {
            var c = value[index];
            char? simple = c switch
            {
                'a' => '\a',
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'v' => '\v',
                '\\' => '\\',
                '"' => '"',
                '\'' => '\'',
                's' => ' ',
                _ => null,
            };

            if (simple is { } known)
            {
                Append(known);
                return index + 1;
            }

            switch (c)
            {
                case 'x' when TryReadNumber(index + 1, 2, 16, out var hex) && hex != 0:
                    _bytes.Add((byte)hex);
                    return index + 3;
                case >= '0' and <= '7' when TryReadNumber(index, 3, 8, out var octal) && octal is > 0 and <= 255:
                    _bytes.Add((byte)octal);
                    return index + 3;
                case 'u' when TryReadNumber(index + 1, 4, 16, out var bmp) && IsScalar(bmp):
                    AppendScalar(bmp);
                    return index + 5;
                case 'U' when TryReadNumber(index + 1, 8, 16, out var scalar) && IsScalar(scalar):
                    AppendScalar(scalar);
                    return index + 9;
                default:
                    // Unknown or malformed: keep the backslash and the next character as written.
                    Append('\\');
                    Append(c);
                    return index + 1;
            }
        }

        public string ToStringAndClear()
        {
            FlushBytes();
            var text = _text.ToString();
            _text.Clear();
            return text;
        }

        private void AppendScalar(long scalar)
        {
            FlushBytes();
            _text.Append(char.ConvertFromUtf32((int)scalar));
        }

        private void FlushBytes()
        {
            if (_bytes.Count == 0)
            {
                return;
            }

            try
            {
                _text.Append(StrictUtf8.GetString([.. _bytes]));
            }
            catch (DecoderFallbackException exception)
            {
                throw new UnitValueException($"escape sequences do not form valid UTF-8 in {QuotedText.Quote(value)}", exception);
            }

            _bytes.Clear();
        }

        private static bool IsScalar(long code) => code is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF);

        private bool TryReadNumber(int start, int digits, int radix, out long number)
        {
            number = 0;
            if (start + digits > value.Length)
            {
                return false;
            }

            for (var i = start; i < start + digits; i++)
            {
                var digit = DigitValue(value[i]);
                if (digit < 0 || digit >= radix)
                {
                    return false;
                }

                number = (number * radix) + digit;
            }

            return true;
        }

        private static int DigitValue(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
    }
}
