using System.Globalization;
using System.Text;

namespace Flotilla.Templates.Formatting;

/// <summary>Go's strconv.FormatFloat for the 'e', 'E', 'f', 'F', 'g' and 'G' formats (precision -1 = shortest).</summary>
internal static class GoFloat
{
    public static string Format(double value, char format, int precision)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var magnitude = Math.Abs(value);
        var builder = new StringBuilder();
        if (negative)
        {
            builder.Append('-');
        }
        var lower = char.ToLowerInvariant(format);
        var exponentChar = char.IsUpper(format) ? 'E' : 'e';
        switch (format)
        {
            case 'b':
                AppendBinaryExponent(builder, magnitude);
                return builder.ToString();
            case 'x' or 'X':
                AppendHexadecimal(builder, magnitude, precision, format);
                return builder.ToString();
        }
        switch (lower)
        {
            case 'e':
            {
                var (digits, point) = precision < 0 ? Shortest(magnitude) : Rounded(magnitude, precision + 1);
                AppendExponentForm(builder, digits, point, precision < 0 ? Math.Max(digits.Length - 1, 0) : precision, exponentChar);
                break;
            }
            case 'f':
                if (precision < 0)
                {
                    var (digits, point) = Shortest(magnitude);
                    AppendFixedForm(builder, digits, point, Math.Max(digits.Length - point, 0));
                }
                else
                {
                    builder.Append(magnitude.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
                }
                break;
            default:
            {
                var shortest = precision < 0;
                if (precision == 0)
                {
                    precision = 1;
                }
                var (digits, point) = shortest ? Shortest(magnitude) : Rounded(magnitude, precision);
                var exponentLimit = precision;
                if (shortest)
                {
                    exponentLimit = 6;
                }
                else if (exponentLimit > digits.Length && digits.Length >= point)
                {
                    exponentLimit = digits.Length;
                }
                var exponent = point - 1;
                if (exponent < -4 || exponent >= exponentLimit)
                {
                    var significant = shortest ? digits.Length : Math.Min(precision, digits.Length);
                    AppendExponentForm(builder, digits, point, Math.Max(significant - 1, 0), exponentChar);
                }
                else
                {
                    var significant = shortest ? digits.Length : (precision > point ? digits.Length : precision);
                    AppendFixedForm(builder, digits, point, Math.Max(significant - point, 0));
                }
                break;
            }
        }
        return builder.ToString();
    }

    /// <summary>The IEEE 754 parts of a magnitude: the mantissa with its implicit bit, and the unbiased exponent.</summary>
    private static (ulong Mantissa, int Exponent) Decompose(double magnitude)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(magnitude);
        var exponent = (int)(bits >> 52) & 0x7FF;
        var mantissa = bits & ((1UL << 52) - 1);
        if (exponent == 0)
        {
            exponent++;
        }
        else
        {
            mantissa |= 1UL << 52;
        }
        return (mantissa, exponent - 1023);
    }

    /// <summary>Go's %b: decimal mantissa, 'p', binary exponent (4503599627370496p-52 for 1).</summary>
    private static void AppendBinaryExponent(StringBuilder builder, double magnitude)
    {
        var (mantissa, exponent) = Decompose(magnitude);
        exponent -= 52;
        builder.Append(mantissa.ToString(CultureInfo.InvariantCulture)).Append('p');
        if (exponent >= 0)
        {
            builder.Append('+');
        }
        builder.Append(exponent.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Go's %x: 0x1.8p+01 for 3; a precision rounds the hexadecimal fraction (half to even).</summary>
    private static void AppendHexadecimal(StringBuilder builder, double magnitude, int precision, char format)
    {
        var (mantissa, exponent) = Decompose(magnitude);
        if (mantissa == 0)
        {
            exponent = 0;
        }
        // Put the leading 1 at bit 60.
        mantissa <<= 60 - 52;
        while (mantissa != 0 && (mantissa & (1UL << 60)) == 0)
        {
            mantissa <<= 1;
            exponent--;
        }
        if (precision is >= 0 and < 15)
        {
            var shift = precision * 4;
            var extra = (mantissa << shift) & ((1UL << 60) - 1);
            mantissa >>= 60 - shift;
            if ((extra | (mantissa & 1)) > 1UL << 59)
            {
                mantissa++;
            }
            mantissa <<= 60 - shift;
            if ((mantissa & (1UL << 61)) != 0)
            {
                mantissa >>= 1;
                exponent++;
            }
        }
        var digits = format == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        builder.Append('0').Append(format).Append((char)('0' + ((mantissa >> 60) & 1)));
        mantissa <<= 4;
        if (precision < 0 && mantissa != 0)
        {
            builder.Append('.');
            while (mantissa != 0)
            {
                builder.Append(digits[(int)((mantissa >> 60) & 15)]);
                mantissa <<= 4;
            }
        }
        else if (precision > 0)
        {
            builder.Append('.');
            for (var i = 0; i < precision; i++)
            {
                builder.Append(digits[(int)((mantissa >> 60) & 15)]);
                mantissa <<= 4;
            }
        }
        builder.Append(format == 'X' ? 'P' : 'p').Append(exponent < 0 ? '-' : '+');
        exponent = Math.Abs(exponent);
        builder.Append(exponent.ToString(exponent < 100 ? "00" : "0", CultureInfo.InvariantCulture));
    }

    /// <summary>The shortest decimal digits that round-trip, and the decimal point position (0.DIGITS x 10^point).</summary>
    private static (string Digits, int Point) Shortest(double magnitude) =>
        Normalize(magnitude.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>The value rounded to <paramref name="significant"/> digits (trailing zeros dropped).</summary>
    private static (string Digits, int Point) Rounded(double magnitude, int significant) =>
        Normalize(magnitude.ToString("E" + Math.Max(significant - 1, 0).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));

    private static (string Digits, int Point) Normalize(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerLength = dot < 0 ? text.Length : dot;
        var digits = text.Replace(".", "", StringComparison.Ordinal);
        var point = integerLength + exponent;
        var leading = 0;
        while (leading < digits.Length && digits[leading] == '0')
        {
            leading++;
        }
        digits = digits[leading..].TrimEnd('0');
        point -= leading;
        return digits.Length == 0 ? ("", 0) : (digits, point);
    }

    private static void AppendExponentForm(StringBuilder builder, string digits, int point, int decimals, char exponentChar)
    {
        builder.Append(digits.Length > 0 ? digits[0] : '0');
        if (decimals > 0)
        {
            builder.Append('.');
            for (var i = 1; i <= decimals; i++)
            {
                builder.Append(i < digits.Length ? digits[i] : '0');
            }
        }
        var exponent = digits.Length == 0 ? 0 : point - 1;
        builder.Append(exponentChar).Append(exponent < 0 ? '-' : '+');
        var absolute = Math.Abs(exponent);
        builder.Append(absolute < 10 ? "0" + absolute.ToString(CultureInfo.InvariantCulture) : absolute.ToString(CultureInfo.InvariantCulture));
    }

    private static void AppendFixedForm(StringBuilder builder, string digits, int point, int decimals)
    {
        if (point > 0)
        {
            for (var i = 0; i < point; i++)
            {
                builder.Append(i < digits.Length ? digits[i] : '0');
            }
        }
        else
        {
            builder.Append('0');
        }
        if (decimals > 0)
        {
            builder.Append('.');
            for (var i = 0; i < decimals; i++)
            {
                var index = point + i;
                builder.Append(index >= 0 && index < digits.Length ? digits[index] : '0');
            }
        }
    }
}
