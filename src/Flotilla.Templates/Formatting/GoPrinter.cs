using System.Globalization;
using System.Text;
using Flotilla.Templates.Execution;

namespace Flotilla.Templates.Formatting;

/// <summary>
/// Go's fmt package over the template value model: Sprint, Sprintln and Sprintf with Go's verbs, flags,
/// width, precision, argument indexes and its in-band error markers (<c>%!d(string=x)</c>, <c>%!s(MISSING)</c>,
/// <c>%!(EXTRA ...)</c>, <c>%!(NOVERB)</c>, <c>%!(BADWIDTH)</c>, <c>%!(BADPREC)</c>, <c>%!v(BADINDEX)</c>).
/// </summary>
internal sealed class GoPrinter
{
    private readonly StringBuilder _buffer = new();
    private bool _plus;
    private bool _minus;
    private bool _sharp;
    private bool _space;
    private bool _zero;
    private bool _plusV;
    private bool _sharpV;
    private int _width;
    private bool _widthPresent;
    private int _precision;
    private bool _precisionPresent;

    public static string Sprint(IReadOnlyList<object?> arguments)
    {
        var printer = new GoPrinter();
        var previousString = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            var isString = arguments[i] is string;
            if (i > 0 && !isString && !previousString)
            {
                printer._buffer.Append(' ');
            }
            printer.PrintArgument(arguments[i], 'v');
            previousString = isString;
        }
        return printer._buffer.ToString();
    }

    public static string Sprintln(IReadOnlyList<object?> arguments)
    {
        var printer = new GoPrinter();
        for (var i = 0; i < arguments.Count; i++)
        {
            if (i > 0)
            {
                printer._buffer.Append(' ');
            }
            printer.PrintArgument(arguments[i], 'v');
        }
        printer._buffer.Append('\n');
        return printer._buffer.ToString();
    }

    public static string Sprintf(string format, IReadOnlyList<object?> arguments)
    {
        var printer = new GoPrinter();
        printer.Printf(format, arguments);
        return printer._buffer.ToString();
    }

    private void ClearFlags()
    {
        _plus = _minus = _sharp = _space = _zero = _plusV = _sharpV = false;
        _widthPresent = _precisionPresent = false;
        _width = _precision = 0;
    }

    private void Printf(string format, IReadOnlyList<object?> arguments)
    {
        var end = format.Length;
        var argumentIndex = 0;
        var reordered = false;
        var i = 0;
        while (i < end)
        {
            var literalStart = i;
            while (i < end && format[i] != '%')
            {
                i++;
            }
            _buffer.Append(format, literalStart, i - literalStart);
            if (i >= end)
            {
                break;
            }
            i++; // the '%'
            ClearFlags();
            var goodArgumentIndex = true;
            for (; i < end; i++)
            {
                var c = format[i];
                if (c == '#')
                {
                    _sharp = true;
                }
                else if (c == '0')
                {
                    _zero = !_minus;
                }
                else if (c == '+')
                {
                    _plus = true;
                }
                else if (c == '-')
                {
                    _minus = true;
                    _zero = false;
                }
                else if (c == ' ')
                {
                    _space = true;
                }
                else
                {
                    break;
                }
            }

            var afterIndex = false;
            (argumentIndex, i, afterIndex) = ArgumentNumber(argumentIndex, format, i, arguments.Count, ref reordered, ref goodArgumentIndex);

            if (i < end && format[i] == '*')
            {
                i++;
                (_width, _widthPresent, argumentIndex) = IntegerFromArgument(arguments, argumentIndex);
                if (!_widthPresent)
                {
                    _buffer.Append("%!(BADWIDTH)");
                }
                if (_width < 0)
                {
                    _width = -_width;
                    _minus = true;
                    _zero = false;
                }
                afterIndex = false;
            }
            else
            {
                (_width, _widthPresent, i) = ParseNumber(format, i, end);
                if (afterIndex && _widthPresent)
                {
                    goodArgumentIndex = false;
                }
            }

            if (i < end && format[i] == '.')
            {
                i++;
                if (afterIndex)
                {
                    goodArgumentIndex = false;
                }
                (argumentIndex, i, afterIndex) = ArgumentNumber(argumentIndex, format, i, arguments.Count, ref reordered, ref goodArgumentIndex);
                if (i < end && format[i] == '*')
                {
                    i++;
                    (_precision, _precisionPresent, argumentIndex) = IntegerFromArgument(arguments, argumentIndex);
                    if (_precision < 0)
                    {
                        _precision = 0;
                        _precisionPresent = false;
                    }
                    if (!_precisionPresent)
                    {
                        _buffer.Append("%!(BADPREC)");
                    }
                    afterIndex = false;
                }
                else
                {
                    (_precision, _precisionPresent, i) = ParseNumber(format, i, end);
                    if (!_precisionPresent)
                    {
                        _precision = 0;
                        _precisionPresent = true;
                    }
                }
            }

            if (!afterIndex)
            {
                (argumentIndex, i, afterIndex) = ArgumentNumber(argumentIndex, format, i, arguments.Count, ref reordered, ref goodArgumentIndex);
            }

            if (i >= end)
            {
                _buffer.Append("%!(NOVERB)");
                break;
            }

            var verbRune = char.ConvertToUtf32(format, i);
            i += char.IsSurrogatePair(format, i) ? 2 : 1;
            var verb = verbRune > 0xFFFF ? '\uFFFD' : (char)verbRune;
            if (verb == '%')
            {
                _buffer.Append('%');
            }
            else if (!goodArgumentIndex)
            {
                _buffer.Append("%!").Append(verb).Append("(BADINDEX)");
            }
            else if (argumentIndex >= arguments.Count)
            {
                _buffer.Append("%!").Append(verb).Append("(MISSING)");
            }
            else
            {
                if (verb == 'v')
                {
                    _sharpV = _sharp;
                    _sharp = false;
                    _plusV = _plus;
                    _plus = false;
                }
                PrintArgument(arguments[argumentIndex], verb);
                argumentIndex++;
            }
        }

        if (!reordered && argumentIndex < arguments.Count)
        {
            ClearFlags();
            _buffer.Append("%!(EXTRA ");
            for (var k = argumentIndex; k < arguments.Count; k++)
            {
                if (k > argumentIndex)
                {
                    _buffer.Append(", ");
                }
                if (arguments[k] is null)
                {
                    _buffer.Append("<nil>");
                }
                else
                {
                    _buffer.Append(GoValues.TypeOf(arguments[k])).Append('=');
                    PrintArgument(arguments[k], 'v');
                }
            }
            _buffer.Append(')');
        }
    }

    private static (int Value, bool Present, int Next) ParseNumber(string text, int start, int end)
    {
        if (start >= end)
        {
            return (0, false, end);
        }
        var value = 0;
        var present = false;
        var i = start;
        for (; i < end && text[i] is >= '0' and <= '9'; i++)
        {
            if (value > 1_000_000)
            {
                return (0, false, end);
            }
            value = (value * 10) + (text[i] - '0');
            present = true;
        }
        return (value, present, i);
    }

    private static (int Index, int Next, bool Found) ArgumentNumber(
        int argumentIndex, string format, int i, int count, ref bool reordered, ref bool good)
    {
        if (format.Length <= i || format[i] != '[')
        {
            return (argumentIndex, i, false);
        }
        reordered = true;
        var rest = format[i..];
        var index = 0;
        var width = 1;
        var ok = false;
        if (rest.Length >= 3)
        {
            for (var k = 1; k < rest.Length; k++)
            {
                if (rest[k] == ']')
                {
                    var (number, present, next) = ParseNumber(rest, 1, k);
                    if (!present || next != k)
                    {
                        width = k + 1;
                        break;
                    }
                    (index, width, ok) = (number - 1, k + 1, true);
                    break;
                }
            }
        }
        if (ok && index >= 0 && index < count)
        {
            return (index, i + width, true);
        }
        good = false;
        return (argumentIndex, i + width, ok);
    }

    private static (int Value, bool Ok, int Next) IntegerFromArgument(IReadOnlyList<object?> arguments, int index)
    {
        if (index < arguments.Count)
        {
            if (arguments[index] is long value && value is >= -1_000_000 and <= 1_000_000)
            {
                return ((int)value, true, index + 1);
            }
            return (0, false, index + 1);
        }
        return (0, false, index);
    }

    // ---- arguments ----------------------------------------------------------------------------------

    private void PrintArgument(object? argument, char verb)
    {
        if (argument is null)
        {
            if (verb is 'T' or 'v')
            {
                Pad("<nil>");
            }
            else
            {
                BadVerb(verb, argument);
            }
            return;
        }
        if (verb == 'T')
        {
            FormatString(GoValues.TypeOf(argument), 's');
            return;
        }
        PrintValue(argument, verb, 0);
    }

    private void PrintValue(object? value, char verb, int depth)
    {
        if (value is IGoStringer stringer && verb is 'v' or 's' or 'x' or 'X' or 'q' && !_sharpV)
        {
            FormatString(stringer.GoString(), verb);
            return;
        }
        switch (value)
        {
            case null:
                Pad(_sharpV ? "interface {}(nil)" : "<nil>");
                return;
            case Missing:
                if (depth == 0)
                {
                    _buffer.Append("<invalid reflect.Value>");
                }
                else if (verb == 'v')
                {
                    _buffer.Append("<nil>");
                }
                else
                {
                    BadVerb(verb, value);
                }
                return;
            case bool b:
                FormatBool(b, verb);
                return;
            case long l:
                FormatInteger(l, verb);
                return;
            case double d:
                FormatFloat(d, verb);
                return;
            case string s:
                FormatString(s, verb);
                return;
            case GoMap map:
                PrintMap(map, verb, depth);
                return;
            case GoSlice slice:
                PrintSlice(slice, verb, depth);
                return;
            case TemplateFunction:
                // Go prints a function's address; there is none to show here.
                Pad(_sharpV ? "(" + GoValues.TypeOf(value) + ")(nil)" : "0x0");
                return;
            default:
                PrintStruct(value, verb, depth);
                return;
        }
    }

    private void PrintMap(GoMap map, char verb, int depth)
    {
        _buffer.Append(_sharpV ? map.TypeName + "{" : "map[");
        var first = true;
        foreach (var (key, item) in map.Entries)
        {
            if (!first)
            {
                _buffer.Append(_sharpV ? ", " : " ");
            }
            first = false;
            PrintValue(key, verb, depth + 1);
            _buffer.Append(':');
            PrintValue(item, verb, depth + 1);
        }
        _buffer.Append(_sharpV ? '}' : ']');
    }

    private void PrintSlice(GoSlice slice, char verb, int depth)
    {
        _buffer.Append(_sharpV ? slice.TypeName + "{" : "[");
        for (var i = 0; i < slice.Items.Length; i++)
        {
            if (i > 0)
            {
                _buffer.Append(_sharpV ? ", " : " ");
            }
            PrintValue(slice.Items[i], verb, depth + 1);
        }
        _buffer.Append(_sharpV ? '}' : ']');
    }

    private void PrintStruct(object value, char verb, int depth)
    {
        var typeName = GoValues.TypeOf(value);
        if (_sharpV)
        {
            _buffer.Append(typeName.StartsWith('*') ? "&" + typeName[1..] : typeName);
        }
        else if (depth == 0 && typeName.StartsWith('*'))
        {
            // A pointer to a struct prints as &{...} at the top level (deeper, Go prints its address).
            _buffer.Append('&');
        }
        _buffer.Append('{');
        var fields = GoValues.FieldsOf(value);
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                _buffer.Append(_sharpV ? ", " : " ");
            }
            if (_plusV || _sharpV)
            {
                _buffer.Append(fields[i].Name).Append(':');
            }
            PrintValue(GoValues.FromDotNet(fields[i].GetValue(value)), verb, depth + 1);
        }
        _buffer.Append('}');
    }

    private void BadVerb(char verb, object? value)
    {
        _buffer.Append("%!").Append(verb).Append('(');
        if (value is null)
        {
            _buffer.Append("<nil>");
        }
        else
        {
            // Go prints the offending value with %v and the flags still in force (%!d(string=    x) for %5d).
            _buffer.Append(GoValues.TypeOf(value)).Append('=');
            PrintValue(value, 'v', 0);
        }
        _buffer.Append(')');
    }

    // ---- padding ------------------------------------------------------------------------------------

    private void WritePadding(int count, bool zeros)
    {
        if (count > 0)
        {
            _buffer.Append(zeros ? '0' : ' ', count);
        }
    }

    private void Pad(string text)
    {
        if (!_widthPresent || _width == 0)
        {
            _buffer.Append(text);
            return;
        }
        var padding = _width - CountRunes(text);
        if (!_minus)
        {
            WritePadding(padding, _zero);
            _buffer.Append(text);
        }
        else
        {
            _buffer.Append(text);
            WritePadding(padding, zeros: false);
        }
    }

    private static int CountRunes(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }
        return count;
    }

    private void PadWithoutZeros(string text)
    {
        var zero = _zero;
        _zero = false;
        Pad(text);
        _zero = zero;
    }

    // ---- basic kinds --------------------------------------------------------------------------------

    private void FormatBool(bool value, char verb)
    {
        if (verb is 't' or 'v')
        {
            Pad(value ? "true" : "false");
        }
        else
        {
            BadVerb(verb, value);
        }
    }

    private void FormatInteger(long value, char verb)
    {
        switch (verb)
        {
            case 'v' or 'd':
                FormatIntegerDigits(value, 10, verb, upper: false);
                break;
            case 'b':
                FormatIntegerDigits(value, 2, verb, upper: false);
                break;
            case 'o' or 'O':
                FormatIntegerDigits(value, 8, verb, upper: false);
                break;
            case 'x':
                FormatIntegerDigits(value, 16, verb, upper: false);
                break;
            case 'X':
                FormatIntegerDigits(value, 16, verb, upper: true);
                break;
            case 'c':
                PadWithoutZeros(RuneText(value));
                break;
            case 'q':
                PadWithoutZeros(GoQuoting.QuoteRune(ValidRune(value), asciiOnly: _plus));
                break;
            case 'U':
                FormatUnicode(value);
                break;
            default:
                BadVerb(verb, value);
                break;
        }
    }

    private static int ValidRune(long value) =>
        value is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF) ? 0xFFFD : (int)value;

    private static string RuneText(long value) => char.ConvertFromUtf32(ValidRune(value));

    private void FormatUnicode(long value)
    {
        var digits = ((ulong)value).ToString("X", CultureInfo.InvariantCulture);
        var precision = _precisionPresent && _precision > 4 ? _precision : 4;
        var text = "U+" + digits.PadLeft(precision, '0');
        if (_sharp && value is >= 0 and <= 0x10FFFF && GoQuoting.IsPrintable((int)value))
        {
            text += " '" + RuneText(value) + "'";
        }
        PadWithoutZeros(text);
    }

    private void FormatIntegerDigits(long value, int numberBase, char verb, bool upper)
    {
        var negative = value < 0;
        var magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        int precision;
        if (_precisionPresent)
        {
            precision = _precision;
            if (precision == 0 && magnitude == 0)
            {
                WritePadding(_widthPresent ? _width : 0, zeros: false);
                return;
            }
        }
        else if (_zero && _widthPresent)
        {
            precision = _width;
            if (negative || _plus || _space)
            {
                precision--;
            }
        }
        else
        {
            precision = 0;
        }
        var digits = ToBase(magnitude, numberBase, upper).PadLeft(precision, '0');
        var prefix = "";
        if (_sharp)
        {
            switch (numberBase)
            {
                case 2: prefix = "0b"; break;
                case 8 when digits[0] != '0': prefix = "0"; break;
                case 16: prefix = upper ? "0X" : "0x"; break;
            }
        }
        if (verb == 'O')
        {
            prefix = "0o";
        }
        var sign = negative ? "-" : _plus ? "+" : _space ? " " : "";
        PadWithoutZeros(sign + prefix + digits);
    }

    private static string ToBase(ulong value, int numberBase, bool upper)
    {
        if (value == 0)
        {
            return "0";
        }
        var alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        var builder = new StringBuilder();
        while (value > 0)
        {
            builder.Insert(0, alphabet[(int)(value % (ulong)numberBase)]);
            value /= (ulong)numberBase;
        }
        return builder.ToString();
    }

    private void FormatFloat(double value, char verb)
    {
        switch (verb)
        {
            case 'v':
                FormatFloatText(value, 'g', -1, verb);
                break;
            case 'b' or 'g' or 'G' or 'x' or 'X':
                FormatFloatText(value, verb, -1, verb);
                break;
            case 'f' or 'F' or 'e' or 'E':
                FormatFloatText(value, verb == 'F' ? 'f' : verb, 6, verb);
                break;
            default:
                BadVerb(verb, value);
                break;
        }
    }

    private void FormatFloatText(double value, char format, int precision, char verb)
    {
        if (_precisionPresent)
        {
            precision = _precision;
        }
        var number = GoFloat.Format(value, format, precision);
        if (number[0] is not ('-' or '+'))
        {
            number = "+" + number;
        }
        if (_space && number[0] == '+' && !_plus)
        {
            number = " " + number[1..];
        }
        if (number[1] is 'I' or 'N')
        {
            if (number[1] == 'N' && !_space && !_plus)
            {
                number = number[1..];
            }
            PadWithoutZeros(number);
            return;
        }
        if (_sharp && verb != 'b')
        {
            number = WithAlternateForm(number, verb, precision);
        }
        if (_plus || number[0] != '+')
        {
            if (_zero && !_minus && _widthPresent && _width > number.Length)
            {
                _buffer.Append(number[0]);
                WritePadding(_width - number.Length, zeros: true);
                _buffer.Append(number, 1, number.Length - 1);
                return;
            }
            Pad(number);
            return;
        }
        Pad(number[1..]);
    }

    /// <summary>
    /// The # flag: always a decimal point, and for %g/%x (and %v) the trailing zeros up to the precision
    /// (6 when none was given) are kept.
    /// </summary>
    private static string WithAlternateForm(string number, char verb, int precision)
    {
        var digits = verb is 'v' or 'g' or 'G' or 'x' ? (precision == -1 ? 6 : precision) : 0;
        var tail = "";
        var hasDecimalPoint = false;
        var sawNonzeroDigit = false;
        var body = number;
        for (var i = 1; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '.')
            {
                hasDecimalPoint = true;
                continue;
            }
            if (c is 'p' or 'P' || (c is 'e' or 'E' && verb is not ('x' or 'X')))
            {
                tail = body[i..];
                body = body[..i];
                break;
            }
            if (c != '0')
            {
                sawNonzeroDigit = true;
            }
            if (sawNonzeroDigit)
            {
                digits--;
            }
        }
        if (!hasDecimalPoint)
        {
            if (body.Length == 2 && body[1] == '0')
            {
                digits--;
            }
            body += ".";
        }
        if (digits > 0)
        {
            body += new string('0', digits);
        }
        return body + tail;
    }

    private void FormatString(string value, char verb)
    {
        switch (verb)
        {
            case 'v':
                if (_sharpV)
                {
                    FormatQuoted(value);
                }
                else
                {
                    FormatPlain(value);
                }
                break;
            case 's':
                FormatPlain(value);
                break;
            case 'x':
                FormatHexString(value, upper: false);
                break;
            case 'X':
                FormatHexString(value, upper: true);
                break;
            case 'q':
                FormatQuoted(value);
                break;
            default:
                BadVerb(verb, value);
                break;
        }
    }

    private string Truncate(string value)
    {
        if (!_precisionPresent)
        {
            return value;
        }
        var builder = new StringBuilder();
        var count = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (count++ >= _precision)
            {
                break;
            }
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    private void FormatPlain(string value) => Pad(Truncate(value));

    private void FormatQuoted(string value)
    {
        value = Truncate(value);
        if (_sharp && GoQuoting.CanBackquote(value))
        {
            Pad("`" + value + "`");
        }
        else
        {
            Pad(_plus ? GoQuoting.QuoteToAscii(value) : GoQuoting.Quote(value));
        }
    }

    private void FormatHexString(string value, bool upper)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var length = bytes.Length;
        if (_precisionPresent && _precision < length)
        {
            length = _precision;
        }
        var width = 2 * length;
        if (width > 0)
        {
            if (_space)
            {
                if (_sharp)
                {
                    width *= 2;
                }
                width += length - 1;
            }
            else if (_sharp)
            {
                width += 2;
            }
        }
        else
        {
            if (_widthPresent)
            {
                WritePadding(_width, _zero);
            }
            return;
        }
        if (_widthPresent && _width > width && !_minus)
        {
            WritePadding(_width - width, _zero);
        }
        var alphabet = upper ? "0123456789ABCDEFX" : "0123456789abcdefx";
        if (_sharp)
        {
            _buffer.Append('0').Append(alphabet[16]);
        }
        for (var i = 0; i < length; i++)
        {
            if (_space && i > 0)
            {
                _buffer.Append(' ');
                if (_sharp)
                {
                    _buffer.Append('0').Append(alphabet[16]);
                }
            }
            _buffer.Append(alphabet[bytes[i] >> 4]).Append(alphabet[bytes[i] & 0xF]);
        }
        if (_widthPresent && _width > width && _minus)
        {
            WritePadding(_width - width, zeros: false);
        }
    }
}
