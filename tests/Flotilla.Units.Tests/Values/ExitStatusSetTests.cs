using Flotilla.Units.Diagnostics;
using Flotilla.Units.Values;

namespace Flotilla.Units.Tests.Values;

public class ExitStatusSetTests
{
    [Theory]
    [InlineData("", new int[0], new int[0])]
    [InlineData("   ", new int[0], new int[0])]
    [InlineData("0", new[] { 0 }, new int[0])]
    [InlineData("255", new[] { 255 }, new int[0])]
    [InlineData("1 2 3", new[] { 1, 2, 3 }, new int[0])]
    [InlineData("3 1 1", new[] { 1, 3 }, new int[0])]
    [InlineData("  75\t250  ", new[] { 75, 250 }, new int[0])]
    [InlineData("SIGKILL", new int[0], new[] { 9 })]
    [InlineData("KILL", new int[0], new[] { 9 })]
    [InlineData("SIGUSR1 SIGRTMIN+2", new int[0], new[] { 10, 36 })]
    [InlineData("TEMPFAIL 250 SIGKILL", new[] { 75, 250 }, new[] { 9 })]
    [InlineData("SUCCESS FAILURE", new[] { 0, 1 }, new int[0])]
    [InlineData("NOTINSTALLED NOTRUNNING", new[] { 5, 7 }, new int[0])]
    [InlineData("USAGE CONFIG", new[] { 64, 78 }, new int[0])]
    [InlineData("CHDIR EXEC GROUP USER", new[] { 200, 203, 216, 217 }, new int[0])]
    [InlineData("EXCEPTION", new[] { 255 }, new int[0])]
    [InlineData("15 SIGTERM", new[] { 15 }, new[] { 15 })]
    [InlineData("0015", new[] { 15 }, new int[0])]
    public void Words_are_exit_codes_names_or_signals(string value, int[] exitCodes, int[] signals)
    {
        var set = ExitStatusSet.Parse(value);
        Assert.Equal(exitCodes, set.ExitCodes);
        Assert.Equal(signals, set.Signals);
        foreach (var code in exitCodes)
        {
            Assert.True(set.ContainsExitCode(code));
            Assert.False(set.ContainsSignal(code) && !signals.Contains(code));
        }

        foreach (var signal in signals)
        {
            Assert.True(set.ContainsSignal(signal));
        }
    }

    [Theory]
    [InlineData("256", "256")]
    [InlineData("-1", "-1")]
    [InlineData("1 2 x", "x")]
    [InlineData("SIGFOO", "SIGFOO")]
    [InlineData("sigkill", "sigkill")]
    [InlineData("tempfail", "tempfail")]
    [InlineData("EX_TEMPFAIL", "EX_TEMPFAIL")]
    [InlineData("EXIT_FAILURE", "EXIT_FAILURE")]
    [InlineData("1,2", "1,2")]
    [InlineData("0x1", "0x1")]
    [InlineData("\"1\"", "\\\"1\\\"")]
    [InlineData("9999999999", "9999999999")]
    public void Bad_words_are_reported_one_at_a_time(string value, string quotedWord)
    {
        var e = Assert.Throws<UnitValueException>(() => ExitStatusSet.Parse(value));
        Assert.Equal($"invalid exit status \"{quotedWord}\"", e.Message);
    }

    [Fact]
    public void Union_merges_both_kinds()
    {
        var set = ExitStatusSet.Parse("1 SIGHUP").Union(ExitStatusSet.Parse("2 SIGHUP SIGUSR2"));
        Assert.Equal(new[] { 1, 2 }, set.ExitCodes);
        Assert.Equal(new[] { 1, 12 }, set.Signals);
        Assert.Equal("1 2 SIGHUP SIGUSR2", set.ToString());
    }

    [Fact]
    public void Union_leaves_its_operands_unchanged()
    {
        var left = ExitStatusSet.Parse("1");
        var right = ExitStatusSet.Parse("2");
        _ = left.Union(right);
        Assert.Equal(new[] { 1 }, left.ExitCodes);
        Assert.Equal(new[] { 2 }, right.ExitCodes);
        Assert.Same(left, left.Union(ExitStatusSet.Empty));
        Assert.Same(right, ExitStatusSet.Empty.Union(right));
    }

    [Fact]
    public void Empty_contains_nothing()
    {
        Assert.True(ExitStatusSet.Empty.IsEmpty);
        Assert.False(ExitStatusSet.Empty.ContainsExitCode(0));
        Assert.False(ExitStatusSet.Empty.ContainsSignal(15));
        Assert.Same(ExitStatusSet.Empty, ExitStatusSet.Parse(""));
        Assert.Equal("", ExitStatusSet.Empty.ToString());
    }

    [Fact]
    public void ToString_parses_back()
    {
        var set = ExitStatusSet.Parse("TEMPFAIL 0 SIGRTMIN+3 KILL IOT");
        Assert.Equal("0 75 SIGABRT SIGKILL SIGRTMIN+3", set.ToString());
        var again = ExitStatusSet.Parse(set.ToString());
        Assert.Equal(set.ExitCodes, again.ExitCodes);
        Assert.Equal(set.Signals, again.Signals);
    }
}
