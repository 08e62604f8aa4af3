using System.Globalization;
using System.Text;
using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Units.Values;

/// <summary>
/// Time spans as systemd reads them (systemd.time(7)): numbers with optional units that add up
/// (<c>1min 30s</c>, <c>2min200ms</c>, <c>1h30m</c>), a bare number meaning seconds, decimals
/// (<c>1.5s</c>, <c>.5s</c>) and <c>infinity</c> on its own. Units are case-sensitive because
/// <c>m</c> is minutes while <c>M</c> is months. Like systemd the resolution is one microsecond;
/// the fractional part of each part below that is dropped.
/// </summary>
public static class SystemdTimeSpan
{
    /// <summary>The value of <c>infinity</c>. <see cref="TimeSpan.MaxValue"/> so comparisons need no special case.</summary>
    public static readonly TimeSpan Infinity = TimeSpan.MaxValue;

    private const long MicrosecondsPerSecond = 1_000_000;
    private const string InfinityWord = "infinity";

    // TimeSpan counts 100 ns ticks; anything above this many microseconds cannot be represented.
    private static readonly long MaxMicroseconds = TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMicrosecond;

    private static readonly Dictionary<string, long> UnitMicroseconds = new(StringComparer.Ordinal)
    {
        ["usec"] = 1,
        ["us"] = 1,
        ["\u00b5s"] = 1, // micro sign
        ["\u03bcs"] = 1, // Greek small mu; both are typed in the wild
        ["msec"] = 1_000,
        ["ms"] = 1_000,
        ["seconds"] = MicrosecondsPerSecond,
        ["second"] = MicrosecondsPerSecond,
        ["sec"] = MicrosecondsPerSecond,
        ["s"] = MicrosecondsPerSecond,
        ["minutes"] = 60 * MicrosecondsPerSecond,
        ["minute"] = 60 * MicrosecondsPerSecond,
        ["min"] = 60 * MicrosecondsPerSecond,
        ["m"] = 60 * MicrosecondsPerSecond,
        ["hours"] = 3_600 * MicrosecondsPerSecond,
        ["hour"] = 3_600 * MicrosecondsPerSecond,
        ["hr"] = 3_600 * MicrosecondsPerSecond,
        ["h"] = 3_600 * MicrosecondsPerSecond,
        ["days"] = 86_400 * MicrosecondsPerSecond,
        ["day"] = 86_400 * MicrosecondsPerSecond,
        ["d"] = 86_400 * MicrosecondsPerSecond,
        ["weeks"] = 604_800 * MicrosecondsPerSecond,
        ["week"] = 604_800 * MicrosecondsPerSecond,
        ["w"] = 604_800 * MicrosecondsPerSecond,
        ["months"] = MonthSeconds * MicrosecondsPerSecond,
        ["month"] = MonthSeconds * MicrosecondsPerSecond,
        ["M"] = MonthSeconds * MicrosecondsPerSecond,
        ["years"] = YearSeconds * MicrosecondsPerSecond,
        ["year"] = YearSeconds * MicrosecondsPerSecond,
        ["y"] = YearSeconds * MicrosecondsPerSecond,
    };

    // systemd's year is 365.25 days and its month a twelfth of that (30.4375 days, documented as
    // "30.44 days"), both whole seconds.
    private const long MonthSeconds = 2_629_800;
    private const long YearSeconds = 31_557_600;

    // Largest unit first; the names are the ones systemd prints.
    private static readonly (string Name, long Microseconds)[] DisplayUnits =
    [
        ("y", YearSeconds * MicrosecondsPerSecond),
        ("month", MonthSeconds * MicrosecondsPerSecond),
        ("w", 604_800 * MicrosecondsPerSecond),
        ("d", 86_400 * MicrosecondsPerSecond),
        ("h", 3_600 * MicrosecondsPerSecond),
        ("min", 60 * MicrosecondsPerSecond),
        ("s", MicrosecondsPerSecond),
        ("ms", 1_000),
        ("us", 1),
    ];

    /// <summary>
    /// Parses <paramref name="value"/> or throws <see cref="UnitValueException"/> with
    /// <c>invalid time span "x": reason</c>.
    /// </summary>
    public static TimeSpan Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var error = TryParseCore(value, out var result);
        if (error is not null)
        {
            throw new UnitValueException($"invalid time span {QuotedText.Quote(value)}: {error}");
        }

        return result;
    }

    /// <summary>Parses <paramref name="value"/>; false when it is not a valid time span.</summary>
    public static bool TryParse(string? value, out TimeSpan result)
    {
        if (value is null)
        {
            result = TimeSpan.Zero;
            return false;
        }

        return TryParseCore(value, out result) is null;
    }

    /// <summary>
    /// Formats <paramref name="value"/> the way systemctl shows time spans: <c>0</c>,
    /// <c>infinity</c>, or the parts from years down to microseconds (<c>1min 30s</c>,
    /// <c>1s 500ms</c>). Ticks below a microsecond are not shown. The text parses back to the
    /// same value (at microsecond resolution).
    /// </summary>
    public static string Format(TimeSpan value)
    {
        if (value == Infinity)
        {
            return InfinityWord;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        var remaining = value.Ticks / TimeSpan.TicksPerMicrosecond;
        if (remaining == 0)
        {
            return "0";
        }

        var builder = new StringBuilder();
        foreach (var (name, microseconds) in DisplayUnits)
        {
            if (remaining < microseconds)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append((remaining / microseconds).ToString(CultureInfo.InvariantCulture)).Append(name);
            remaining %= microseconds;
        }

        return builder.ToString();
    }

    // Returns null on success, else the reason shown after the quoted value.
    private static string? TryParseCore(string value, out TimeSpan result)
    {
        result = TimeSpan.Zero;
        var text = value.AsSpan().Trim();
        if (text.IsEmpty)
        {
            return "empty value";
        }

        if (text.StartsWith(InfinityWord, StringComparison.Ordinal))
        {
            if (text.Length != InfinityWord.Length)
            {
                return "\"infinity\" cannot be combined with other parts";
            }

            result = Infinity;
            return null;
        }

        decimal total = 0;
        var position = 0;
        while (true)
        {
            position = SkipWhitespace(text, position);
            if (position == text.Length)
            {
                break;
            }

            var rest = text[position..];
            if (rest[0] == '-')
            {
                return "negative values are not allowed";
            }

            if (rest.StartsWith(InfinityWord, StringComparison.Ordinal))
            {
                return "\"infinity\" cannot be combined with other parts";
            }

            var numberLength = ReadNumber(rest);
            if (numberLength == 0)
            {
                return $"expected a number at {QuotedText.Quote(rest.ToString())}";
            }

            // Up to 28 significant digits fit a decimal; more is an overflow anyway.
            if (!decimal.TryParse(rest[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return "value is too large";
            }

            position = SkipWhitespace(text, position + numberLength);
            var unitLength = ReadUnit(text[position..]);
            long multiplier;
            if (unitLength == 0)
            {
                // "12.34.56" must not read as 12.34s + .56s; "5 .5" may.
                if (position == text.Length || position > 0 && char.IsWhiteSpace(text[position - 1]))
                {
                    multiplier = MicrosecondsPerSecond;
                }
                else
                {
                    return $"expected a unit at {QuotedText.Quote(text[position..].ToString())}";
                }
            }
            else
            {
                var unit = text.Slice(position, unitLength).ToString();
                if (!UnitMicroseconds.TryGetValue(unit, out multiplier))
                {
                    return $"unknown unit {QuotedText.Quote(unit)}";
                }

                position += unitLength;
            }

            try
            {
                // Each part is cut to whole microseconds like systemd does.
                total += decimal.Truncate(number * multiplier);
            }
            catch (OverflowException)
            {
                return "value is too large";
            }

            if (total > MaxMicroseconds)
            {
                return "value is too large";
            }
        }

        result = TimeSpan.FromTicks((long)total * TimeSpan.TicksPerMicrosecond);
        return null;
    }

    private static int SkipWhitespace(ReadOnlySpan<char> text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    // Digits with at most one decimal point; at least one digit somewhere (".5" and "5." are fine, "." is not).
    private static int ReadNumber(ReadOnlySpan<char> text)
    {
        var length = 0;
        var digits = 0;
        while (length < text.Length && char.IsAsciiDigit(text[length]))
        {
            length++;
            digits++;
        }

        if (length < text.Length && text[length] == '.')
        {
            length++;
            while (length < text.Length && char.IsAsciiDigit(text[length]))
            {
                length++;
                digits++;
            }
        }

        return digits == 0 ? 0 : length;
    }

    // A unit is the run of letters after the number; reading the whole run lets "5mx" report "mx".
    private static int ReadUnit(ReadOnlySpan<char> text)
    {
        var length = 0;
        while (length < text.Length && char.IsLetter(text[length]))
        {
            length++;
        }

        return length;
    }
}
