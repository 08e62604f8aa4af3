using Flotilla.Confd.Resources;
using Flotilla.Confd.Watching;

namespace Flotilla.Confd.Tests.Watching;

public class DebounceTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_quiet_burst_renders_min_after_its_last_change()
    {
        var wait = new WaitWindow(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));

        Assert.Equal(Start.AddSeconds(5), Debounce.RenderAt(wait, Start, Start.AddSeconds(3)));
    }

    [Fact]
    public void A_burst_that_never_goes_quiet_renders_at_max()
    {
        var wait = new WaitWindow(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));

        Assert.Equal(Start.AddSeconds(10), Debounce.RenderAt(wait, Start, Start.AddSeconds(9)));
    }

    [Theory]
    [InlineData("2s:10s", 2000, 10000)]
    [InlineData("500ms", 500, 2000)]
    [InlineData("1", 1000, 4000)]
    [InlineData("0:0", 0, 0)]
    public void Wait_parses_min_max_or_min_alone(string text, int minMs, int maxMs)
    {
        Assert.True(WaitWindow.TryParse(text, out var wait, out _));
        Assert.Equal(new WaitWindow(TimeSpan.FromMilliseconds(minMs), TimeSpan.FromMilliseconds(maxMs)), wait);
    }

    [Theory]
    [InlineData("5s:1s")]
    [InlineData("a:b")]
    [InlineData("1s:2s:3s")]
    public void Wait_rejects_nonsense(string text) => Assert.False(WaitWindow.TryParse(text, out _, out _));

    [Fact]
    public void Backoff_doubles_up_to_its_maximum_and_starts_over_after_a_success()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));

        var delays = Enumerable.Range(0, 5).Select(_ => backoff.NextDelay().TotalMilliseconds).ToArray();
        backoff.Reset();

        Assert.Equal([100, 200, 400, 500, 500], delays);
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.NextDelay());
    }
}
