using Flotilla.Agent.Presence;

namespace Flotilla.Agent.Tests.Presence;

public sealed class FencePolicyTests
{
    private static readonly DateTimeOffset Expiry = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(10, 2000)]
    [InlineData(5, 1000)]
    [InlineData(2, 400)]
    [InlineData(60, 2000)]
    public void The_agent_fences_a_fifth_of_the_ttl_before_expiry_at_most_two_seconds(int ttlSeconds, int leadMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(leadMilliseconds), FencePolicy.Lead(TimeSpan.FromSeconds(ttlSeconds)));

    [Fact]
    public void Fencing_starts_exactly_at_expiry_minus_the_lead()
    {
        TimeSpan ttl = TimeSpan.FromSeconds(10);
        Assert.False(FencePolicy.MustFence(Expiry - TimeSpan.FromSeconds(2.001), Expiry, ttl));
        Assert.True(FencePolicy.MustFence(Expiry - TimeSpan.FromSeconds(2), Expiry, ttl));
        Assert.True(FencePolicy.MustFence(Expiry + TimeSpan.FromSeconds(5), Expiry, ttl));
    }

    [Fact]
    public void The_lease_is_checked_often_enough_to_fence_within_the_lead()
    {
        foreach (int seconds in new[] { 1, 2, 10, 30, 120 })
        {
            TimeSpan ttl = TimeSpan.FromSeconds(seconds);
            Assert.True(FencePolicy.CheckInterval(ttl) * 2 <= FencePolicy.Lead(ttl), $"TTL {seconds}s");
        }
    }
}
