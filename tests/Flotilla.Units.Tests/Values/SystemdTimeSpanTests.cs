using Flotilla.Units.Diagnostics;
using Flotilla.Units.Values;

namespace Flotilla.Units.Tests.Values;

public class SystemdTimeSpanTests
{
    private const long Second = 1_000_000;

    [Theory]
    // Bare numbers are seconds.
    [InlineData("0", 0L)]
    [InlineData("5", 5 * Second)]
    [InlineData("90", 90 * Second)]
    [InlineData(" 5 ", 5 * Second)]
    // Every unit name.
    [InlineData("7usec", 7L)]
    [InlineData("7us", 7L)]
    [InlineData("7\u00b5s", 7L)]
    [InlineData("7\u03bcs", 7L)]
    [InlineData("7msec", 7_000L)]
    [InlineData("7ms", 7_000L)]
    [InlineData("7seconds", 7 * Second)]
    [InlineData("7second", 7 * Second)]
    [InlineData("7sec", 7 * Second)]
    [InlineData("7s", 7 * Second)]
    [InlineData("2minutes", 120 * Second)]
    [InlineData("2minute", 120 * Second)]
    [InlineData("2min", 120 * Second)]
    [InlineData("2m", 120 * Second)]
    [InlineData("1hours", 3_600 * Second)]
    [InlineData("1hour", 3_600 * Second)]
    [InlineData("1hr", 3_600 * Second)]
    [InlineData("1h", 3_600 * Second)]
    [InlineData("1days", 86_400 * Second)]
    [InlineData("1day", 86_400 * Second)]
    [InlineData("1d", 86_400 * Second)]
    [InlineData("1weeks", 604_800 * Second)]
    [InlineData("1week", 604_800 * Second)]
    [InlineData("1w", 604_800 * Second)]
    [InlineData("1months", 2_629_800 * Second)]
    [InlineData("1month", 2_629_800 * Second)]
    [InlineData("1M", 2_629_800 * Second)]
    [InlineData("1years", 31_557_600 * Second)]
    [InlineData("1year", 31_557_600 * Second)]
    [InlineData("1y", 31_557_600 * Second)]
    // Parts add, with or without spaces, also between number and unit.
    [InlineData("1min 30s", 90 * Second)]
    [InlineData("1min30s", 90 * Second)]
    [InlineData("2min200ms", 120_200_000L)]
    [InlineData("1h30m", 5_400 * Second)]
    [InlineData("1h 30min 15s", 5_415 * Second)]
    [InlineData("5 s", 5 * Second)]
    [InlineData("1 h 2 m", 3_720 * Second)]
    [InlineData("1s 1s", 2 * Second)]
    [InlineData("5 6", 11 * Second)]
    [InlineData("1d\t2h", 93_600 * Second)]
    // Decimals.
    [InlineData("1.5s", 1_500_000L)]
    [InlineData("0.5min", 30 * Second)]
    [InlineData(".5s", 500_000L)]
    [InlineData("5.", 5 * Second)]
    [InlineData("1.5", 1_500_000L)]
    [InlineData("1.5h", 5_400 * Second)]
    [InlineData("12.34s.56s", 12_900_000L)]
    [InlineData("0.0000001s", 0L)]
    [InlineData("1.0000015s", 1_000_001L)]
    [InlineData("0.5us", 0L)]
    [InlineData("100ms", 100_000L)]
    public void Valid_spans_parse(string value, long expectedMicroseconds)
    {
        var expected = TimeSpan.FromMicroseconds(expectedMicroseconds);
        Assert.Equal(expected, SystemdTimeSpan.Parse(value));
        Assert.True(SystemdTimeSpan.TryParse(value, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void Months_and_years_are_systemds_average_lengths()
    {
        // systemd.time(7) says "30.44 days"; the code uses exactly a twelfth of 365.25 days (30.4375).
        Assert.Equal(TimeSpan.FromDays(365.25 / 12), SystemdTimeSpan.Parse("1M"));
        Assert.Equal(SystemdTimeSpan.Parse("1y"), SystemdTimeSpan.Parse("12M"));
        Assert.Equal(TimeSpan.FromDays(365.25), SystemdTimeSpan.Parse("1y"));
    }

    [Theory]
    [InlineData("infinity")]
    [InlineData("  infinity  ")]
    public void Infinity_alone_is_the_maximum(string value)
    {
        Assert.Equal(SystemdTimeSpan.Infinity, SystemdTimeSpan.Parse(value));
        Assert.Equal(TimeSpan.MaxValue, SystemdTimeSpan.Infinity);
    }

    [Theory]
    [InlineData("", "invalid time span \"\": empty value")]
    [InlineData("  ", "invalid time span \"  \": empty value")]
    [InlineData("-1", "invalid time span \"-1\": negative values are not allowed")]
    [InlineData("-0", "invalid time span \"-0\": negative values are not allowed")]
    [InlineData("1s -1s", "invalid time span \"1s -1s\": negative values are not allowed")]
    [InlineData("5x", "invalid time span \"5x\": unknown unit \"x\"")]
    [InlineData("5mx", "invalid time span \"5mx\": unknown unit \"mx\"")]
    [InlineData("5S", "invalid time span \"5S\": unknown unit \"S\"")]
    [InlineData("5H", "invalid time span \"5H\": unknown unit \"H\"")]
    [InlineData("5Min", "invalid time span \"5Min\": unknown unit \"Min\"")]
    [InlineData("5mins", "invalid time span \"5mins\": unknown unit \"mins\"")]
    [InlineData("5 secs", "invalid time span \"5 secs\": unknown unit \"secs\"")]
    [InlineData("s", "invalid time span \"s\": expected a number at \"s\"")]
    [InlineData("min", "invalid time span \"min\": expected a number at \"min\"")]
    [InlineData(".", "invalid time span \".\": expected a number at \".\"")]
    [InlineData("+5s", "invalid time span \"+5s\": expected a number at \"+5s\"")]
    [InlineData("5s,", "invalid time span \"5s,\": expected a number at \",\"")]
    [InlineData("12.34.56", "invalid time span \"12.34.56\": expected a unit at \".56\"")]
    [InlineData("5,5s", "invalid time span \"5,5s\": expected a unit at \",5s\"")]
    [InlineData("infinity 5s", "invalid time span \"infinity 5s\": \"infinity\" cannot be combined with other parts")]
    [InlineData("5s infinity", "invalid time span \"5s infinity\": \"infinity\" cannot be combined with other parts")]
    [InlineData("infinityx", "invalid time span \"infinityx\": \"infinity\" cannot be combined with other parts")]
    [InlineData("Infinity", "invalid time span \"Infinity\": expected a number at \"Infinity\"")]
    [InlineData("30000y", "invalid time span \"30000y\": value is too large")]
    [InlineData("20000y 20000y", "invalid time span \"20000y 20000y\": value is too large")]
    [InlineData("99999999999999999999999999999999s", "invalid time span \"99999999999999999999999999999999s\": value is too large")]
    [InlineData("9999999999999999999999999y", "invalid time span \"9999999999999999999999999y\": value is too large")]
    public void Invalid_spans_report_value_and_reason(string value, string expected)
    {
        var e = Assert.Throws<UnitValueException>(() => SystemdTimeSpan.Parse(value));
        Assert.Equal(expected, e.Message);
        Assert.False(SystemdTimeSpan.TryParse(value, out _));
    }

    [Fact]
    public void The_largest_representable_span_parses()
    {
        var max = TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMicrosecond;
        Assert.Equal(TimeSpan.FromMicroseconds(max), SystemdTimeSpan.Parse($"{max}us"));
        Assert.Throws<UnitValueException>(() => SystemdTimeSpan.Parse($"{max + 1}us"));
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(1L, "1us")]
    [InlineData(100_000L, "100ms")]
    [InlineData(1_500_000L, "1s 500ms")]
    [InlineData(90 * Second, "1min 30s")]
    [InlineData(5_400 * Second, "1h 30min")]
    [InlineData(86_400 * Second, "1d")]
    [InlineData(604_800 * Second, "1w")]
    [InlineData(2_629_800 * Second, "1month")]
    [InlineData(31_557_600 * Second, "1y")]
    [InlineData(31_622_400 * Second, "1y 18h")]
    [InlineData(93_784_005_006L, "1d 2h 3min 4s 5ms 6us")]
    public void Format_prints_systemd_style_parts(long microseconds, string expected)
    {
        Assert.Equal(expected, SystemdTimeSpan.Format(TimeSpan.FromMicroseconds(microseconds)));
    }

    [Fact]
    public void Format_of_infinity_and_sub_microsecond_values()
    {
        Assert.Equal("infinity", SystemdTimeSpan.Format(SystemdTimeSpan.Infinity));
        Assert.Equal("0", SystemdTimeSpan.Format(TimeSpan.FromTicks(9)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SystemdTimeSpan.Format(TimeSpan.FromSeconds(-1)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("infinity")]
    [InlineData("100ms")]
    [InlineData("1min 30s")]
    [InlineData("1.5s")]
    [InlineData("90s")]
    [InlineData("1y 2M 3w 4d 5h 6min 7s 8ms 9us")]
    [InlineData("123456789us")]
    [InlineData("29000y")]
    public void Format_round_trips_through_Parse(string value)
    {
        var parsed = SystemdTimeSpan.Parse(value);
        var text = SystemdTimeSpan.Format(parsed);
        Assert.Equal(parsed, SystemdTimeSpan.Parse(text));
        Assert.Equal(text, SystemdTimeSpan.Format(SystemdTimeSpan.Parse(text)));
    }
}
