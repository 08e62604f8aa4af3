using Flotilla.Runner.Supervision;

namespace Flotilla.Runner.Tests.Supervision;

public sealed class StartLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_start_after_the_burst_inside_the_interval_is_refused()
    {
        var limiter = new StartLimiter();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(limiter.TryStart(Start.AddSeconds(i), TimeSpan.FromSeconds(10), 5));
        }

        Assert.False(limiter.TryStart(Start.AddSeconds(5), TimeSpan.FromSeconds(10), 5));
    }

    [Fact]
    public void Starts_older_than_the_interval_no_longer_count()
    {
        var limiter = new StartLimiter();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(limiter.TryStart(Start.AddSeconds(i), TimeSpan.FromSeconds(10), 5));
        }

        Assert.True(limiter.TryStart(Start.AddSeconds(10), TimeSpan.FromSeconds(10), 5));
        Assert.False(limiter.TryStart(Start.AddSeconds(10.5), TimeSpan.FromSeconds(10), 5));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(10, 0)]
    public void Zero_interval_or_burst_disables_the_limit(int seconds, int burst)
    {
        var limiter = new StartLimiter();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(limiter.TryStart(Start, TimeSpan.FromSeconds(seconds), burst));
        }
    }
}
