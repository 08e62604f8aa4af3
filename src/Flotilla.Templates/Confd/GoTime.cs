using System.Globalization;
using System.Text;
using Flotilla.Templates.Execution;

namespace Flotilla.Templates.Confd;

/// <summary>
/// What confd's <c>datetime</c> returns (Go's time.Time) with the methods templates call on it:
/// <c>{{datetime.Format "2006-01-02"}}</c>, <c>{{datetime.Unix}}</c>, <c>{{datetime.UTC.Year}}</c>...
/// </summary>
[GoTypeName("time.Time")]
internal sealed class GoTime(DateTimeOffset instant) : IGoStringer
{
    private static readonly string[] LongDays = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;
    private static readonly string[] LongMonths = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    internal DateTimeOffset Instant { get; } = instant;

    public string GoString() => Format("2006-01-02 15:04:05.999999999 -0700 MST");

    public long Unix() => Instant.ToUnixTimeSeconds();

    public long UnixMilli() => Instant.ToUnixTimeMilliseconds();

    public long UnixNano() => (Instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public long Year() => Instant.Year;

    public string Month() => LongMonths[Instant.Month - 1];

    public long Day() => Instant.Day;

    public long Hour() => Instant.Hour;

    public long Minute() => Instant.Minute;

    public long Second() => Instant.Second;

    public long Nanosecond() => (Instant.Ticks % TimeSpan.TicksPerSecond) * 100;

    public long YearDay() => Instant.DayOfYear;

    public string Weekday() => LongDays[(int)Instant.DayOfWeek];

    public GoTime UTC() => new(Instant.ToUniversalTime());

    public GoTime Local() => new(Instant.ToLocalTime());

    /// <summary>Go's layout formatting, written against the reference time Mon Jan 2 15:04:05 MST 2006.</summary>
    public string Format(string layout)
    {
        var builder = new StringBuilder();
        var t = Instant;
        var i = 0;
        while (i < layout.Length)
        {
            var rest = layout.AsSpan(i);
            if (TryToken(rest, t, builder, out var consumed))
            {
                i += consumed;
                continue;
            }
            builder.Append(layout[i]);
            i++;
        }
        return builder.ToString();
    }

    private static string Two(int value) => value.ToString("00", CultureInfo.InvariantCulture);

    private static bool TryToken(ReadOnlySpan<char> s, DateTimeOffset t, StringBuilder b, out int consumed)
    {
        var hour12 = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
        (string Token, Func<string> Text)[] tokens =
        [
            ("January", () => LongMonths[t.Month - 1]),
            ("Jan", () => LongMonths[t.Month - 1][..3]),
            ("Monday", () => LongDays[(int)t.DayOfWeek]),
            ("Mon", () => LongDays[(int)t.DayOfWeek][..3]),
            ("MST", () => ZoneName(t.Offset)),
            ("2006", () => t.Year.ToString("0000", CultureInfo.InvariantCulture)),
            ("2", () => t.Day.ToString(CultureInfo.InvariantCulture)),
            ("_2006", () => "_" + t.Year.ToString("0000", CultureInfo.InvariantCulture)),
            ("__2", () => t.DayOfYear.ToString(CultureInfo.InvariantCulture).PadLeft(3)),
            ("_2", () => t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)),
            ("002", () => t.DayOfYear.ToString("000", CultureInfo.InvariantCulture)),
            ("01", () => Two(t.Month)),
            ("02", () => Two(t.Day)),
            ("03", () => Two(hour12)),
            ("04", () => Two(t.Minute)),
            ("05", () => Two(t.Second)),
            ("06", () => Two(t.Year % 100)),
            ("15", () => Two(t.Hour)),
            ("1", () => t.Month.ToString(CultureInfo.InvariantCulture)),
            ("3", () => hour12.ToString(CultureInfo.InvariantCulture)),
            ("4", () => t.Minute.ToString(CultureInfo.InvariantCulture)),
            ("5", () => t.Second.ToString(CultureInfo.InvariantCulture)),
            ("PM", () => t.Hour >= 12 ? "PM" : "AM"),
            ("pm", () => t.Hour >= 12 ? "pm" : "am"),
            ("-07:00:00", () => Offset(t.Offset, ":", seconds: true, z: false)),
            ("-070000", () => Offset(t.Offset, "", seconds: true, z: false)),
            ("-07:00", () => Offset(t.Offset, ":", seconds: false, z: false)),
            ("-0700", () => Offset(t.Offset, "", seconds: false, z: false)),
            ("-07", () => Offset(t.Offset, null, seconds: false, z: false)),
            ("Z07:00:00", () => Offset(t.Offset, ":", seconds: true, z: true)),
            ("Z070000", () => Offset(t.Offset, "", seconds: true, z: true)),
            ("Z07:00", () => Offset(t.Offset, ":", seconds: false, z: true)),
            ("Z0700", () => Offset(t.Offset, "", seconds: false, z: true)),
            ("Z07", () => Offset(t.Offset, null, seconds: false, z: true)),
        ];
        foreach (var (token, text) in tokens)
        {
            if (s.StartsWith(token, StringComparison.Ordinal))
            {
                // "Jan"/"Mon" must not be the start of a longer lower-case word (Go: "Month" is literal).
                if (token is "Jan" or "Mon" && s.Length > 3 && char.IsLower(s[3]))
                {
                    continue;
                }
                b.Append(text());
                consumed = token.Length;
                return true;
            }
        }
        if (s.Length >= 2 && s[0] is '.' or ',' && s[1] is '0' or '9')
        {
            var digit = s[1];
            var run = 1;
            while (run < s.Length && s[run] == digit)
            {
                run++;
            }
            if (run >= s.Length || !char.IsDigit(s[run]))
            {
                var digits = run - 1;
                var fraction = ((t.Ticks % TimeSpan.TicksPerSecond) * 100).ToString("000000000", CultureInfo.InvariantCulture)[..digits];
                if (digit == '9')
                {
                    fraction = fraction.TrimEnd('0');
                    if (fraction.Length > 0)
                    {
                        b.Append(s[0]).Append(fraction);
                    }
                }
                else
                {
                    b.Append(s[0]).Append(fraction);
                }
                consumed = run;
                return true;
            }
        }
        consumed = 0;
        return false;
    }

    private static string ZoneName(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "UTC" : Offset(offset, "", seconds: false, z: false);

    private static string Offset(TimeSpan offset, string? separator, bool seconds, bool z)
    {
        if (z && offset == TimeSpan.Zero)
        {
            return "Z";
        }
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var absolute = offset.Duration();
        var text = sign + Two(absolute.Hours);
        if (separator is null)
        {
            return text;
        }
        text += separator + Two(absolute.Minutes);
        if (seconds)
        {
            text += separator + Two(absolute.Seconds);
        }
        return text;
    }
}
