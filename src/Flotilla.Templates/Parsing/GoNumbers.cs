using System.Globalization;

namespace Flotilla.Templates.Parsing;

/// <summary>Go's strconv number syntax for template constants (base prefixes, underscores).</summary>
internal static class GoNumbers
{
    public static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        var negative = text.StartsWith('-');
        var body = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        if (!TryParseUnsigned(body, out var magnitude))
        {
            return false;
        }
        if (negative)
        {
            if (magnitude > 9223372036854775808UL)
            {
                return false;
            }
            value = magnitude == 9223372036854775808UL ? long.MinValue : -(long)magnitude;
            return true;
        }
        if (magnitude > long.MaxValue)
        {
            return false;
        }
        value = (long)magnitude;
        return true;
    }

    public static bool TryParseUnsigned(string text, out ulong value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }
        var numberBase = 10;
        var digits = text;
        var prefixed = false;
        if (text.Length > 1 && text[0] == '0')
        {
            switch (char.ToLowerInvariant(text[1]))
            {
                case 'x': numberBase = 16; digits = text[2..]; prefixed = true; break;
                case 'o': numberBase = 8; digits = text[2..]; prefixed = true; break;
                case 'b': numberBase = 2; digits = text[2..]; prefixed = true; break;
                default: numberBase = 8; digits = text[1..]; break;
            }
        }
        if (!UnderscoresOk(text))
        {
            return false;
        }
        digits = digits.Replace("_", "", StringComparison.Ordinal);
        if (digits.Length == 0)
        {
            return !prefixed && text.Replace("_", "", StringComparison.Ordinal) == "0";
        }
        foreach (var c in digits)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= numberBase)
            {
                return false;
            }
            var next = unchecked((value * (ulong)numberBase) + (ulong)digit);
            if (value > (ulong.MaxValue - (ulong)digit) / (ulong)numberBase)
            {
                return false;
            }
            value = next;
        }
        return true;
    }

    /// <summary>Go allows an underscore only between digits or after a base prefix.</summary>
    private static bool UnderscoresOk(string text)
    {
        if (!text.Contains('_', StringComparison.Ordinal))
        {
            return true;
        }
        if (text.StartsWith('_') || text.EndsWith('_') || text.Contains("__", StringComparison.Ordinal))
        {
            return false;
        }
        return true;
    }

    public static bool TryParseFloat(string text, out double value)
    {
        value = 0;
        if (!UnderscoresOk(text.TrimStart('+', '-')))
        {
            return false;
        }
        var plain = text.Replace("_", "", StringComparison.Ordinal);
        if (plain.Length == 0)
        {
            return false;
        }
        if (plain.Contains('x', StringComparison.OrdinalIgnoreCase))
        {
            return TryParseHexFloat(plain, out value);
        }
        return double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Go's hexadecimal floating-point syntax: 0x1.8p+1 is 3; the p exponent is required.</summary>
    private static bool TryParseHexFloat(string text, out double value)
    {
        value = 0;
        var negative = text.StartsWith('-');
        var body = text.TrimStart('+', '-');
        if (!body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var p = body.IndexOfAny(['p', 'P']);
        if (p < 0 || !int.TryParse(body[(p + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent))
        {
            return false;
        }
        var mantissa = 0.0;
        var fractionDigits = 0;
        var seenPoint = false;
        var anyDigit = false;
        foreach (var c in body[2..p])
        {
            if (c == '.' && !seenPoint)
            {
                seenPoint = true;
                continue;
            }
            var digit = Uri.IsHexDigit(c) ? Convert.ToInt32(c.ToString(), 16) : -1;
            if (digit < 0)
            {
                return false;
            }
            anyDigit = true;
            mantissa = (mantissa * 16) + digit;
            if (seenPoint)
            {
                fractionDigits++;
            }
        }
        value = (negative ? -1 : 1) * mantissa * Math.Pow(2, exponent - (4 * fractionDigits));
        return anyDigit && double.IsFinite(value);
    }
}
