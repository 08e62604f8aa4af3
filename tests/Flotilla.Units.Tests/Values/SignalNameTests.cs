using Flotilla.Units.Diagnostics;
using Flotilla.Units.Values;

namespace Flotilla.Units.Tests.Values;

public class SignalNameTests
{
    public static TheoryData<string, int> Table => new()
    {
        { "HUP", 1 }, { "INT", 2 }, { "QUIT", 3 }, { "ILL", 4 }, { "TRAP", 5 }, { "ABRT", 6 },
        { "BUS", 7 }, { "FPE", 8 }, { "KILL", 9 }, { "USR1", 10 }, { "SEGV", 11 }, { "USR2", 12 },
        { "PIPE", 13 }, { "ALRM", 14 }, { "TERM", 15 }, { "STKFLT", 16 }, { "CHLD", 17 }, { "CONT", 18 },
        { "STOP", 19 }, { "TSTP", 20 }, { "TTIN", 21 }, { "TTOU", 22 }, { "URG", 23 }, { "XCPU", 24 },
        { "XFSZ", 25 }, { "VTALRM", 26 }, { "PROF", 27 }, { "WINCH", 28 }, { "IO", 29 }, { "PWR", 30 },
        { "SYS", 31 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_named_signal_parses_with_and_without_SIG_and_formats_with_it(string name, int number)
    {
        Assert.Equal(number, SignalName.Parse("SIG" + name));
        Assert.Equal(number, SignalName.Parse(name));
        Assert.Equal(number, SignalName.Parse(number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("SIG" + name, SignalName.Format(number));
    }

    [Theory]
    [InlineData("SIGIOT", 6)]
    [InlineData("IOT", 6)]
    [InlineData("SIGPOLL", 29)]
    [InlineData("POLL", 29)]
    [InlineData("SIGRTMIN", 34)]
    [InlineData("RTMIN", 34)]
    [InlineData("SIGRTMIN+0", 34)]
    [InlineData("SIGRTMIN+1", 35)]
    [InlineData("SIGRTMIN+30", 64)]
    [InlineData("SIGRTMAX", 64)]
    [InlineData("SIGRTMAX-0", 64)]
    [InlineData("SIGRTMAX-2", 62)]
    [InlineData("RTMAX-30", 34)]
    [InlineData("1", 1)]
    [InlineData("32", 32)]
    [InlineData("33", 33)]
    [InlineData("64", 64)]
    [InlineData("015", 15)]
    public void Aliases_real_time_signals_and_numbers_parse(string value, int expected)
    {
        Assert.Equal(expected, SignalName.Parse(value));
        Assert.True(SignalName.TryParse(value, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("-9")]
    [InlineData("+9")]
    [InlineData(" 9")]
    [InlineData("9 ")]
    [InlineData("sigterm")]
    [InlineData("SigTerm")]
    [InlineData("term")]
    [InlineData("SIG")]
    [InlineData("SIGSIGTERM")]
    [InlineData("SIGFOO")]
    [InlineData("SIGRTMIN+31")]
    [InlineData("SIGRTMIN-1")]
    [InlineData("SIGRTMAX+1")]
    [InlineData("SIGRTMAX-31")]
    [InlineData("SIGRTMIN+")]
    [InlineData("SIGRTMIN+x")]
    [InlineData("SIG15")]
    [InlineData("99999999999")]
    public void Other_text_is_an_invalid_signal(string value)
    {
        var e = Assert.Throws<UnitValueException>(() => SignalName.Parse(value));
        Assert.Equal($"invalid signal \"{value}\"", e.Message);
        Assert.False(SignalName.TryParse(value, out _));
    }

    [Theory]
    [InlineData(6, "SIGABRT")]
    [InlineData(29, "SIGIO")]
    [InlineData(32, "32")]
    [InlineData(33, "33")]
    [InlineData(34, "SIGRTMIN+0")]
    [InlineData(40, "SIGRTMIN+6")]
    [InlineData(64, "SIGRTMIN+30")]
    public void Format_uses_canonical_names_and_round_trips(int signal, string expected)
    {
        Assert.Equal(expected, SignalName.Format(signal));
        Assert.Equal(signal, SignalName.Parse(expected));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    [InlineData(-1)]
    public void Format_rejects_numbers_outside_1_to_64(int signal)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SignalName.Format(signal));
    }

    [Fact]
    public void TryParseName_refuses_numbers()
    {
        Assert.False(SignalName.TryParseName("15", out _));
        Assert.True(SignalName.TryParseName("TERM", out var term));
        Assert.Equal(15, term);
    }
}
