using Flotilla.Registry.Errors;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Transactions;

namespace Flotilla.Registry.Tests.Layout;

public sealed class RegistryBatchesCommitTests
{
    // Holds until "another client" writes the key, as a leader's guard holds until it is deposed.
    private static readonly Compare Guard = Compare.Missing("/flotilla/engine/deposed");

    private static List<RegistryOperation> Puts(int count) =>
        Enumerable.Range(0, count).Select(i => RegistryOperation.Put($"/k/{i:D4}", new byte[4])).ToList();

    [Fact]
    public async Task Commits_every_batch_in_order_and_returns_the_last_revision()
    {
        await using var registry = new InterceptedRegistry();
        List<RegistryOperation> operations = Puts(300);
        long before = await registry.GetRevisionAsync();
        long revision = await RegistryBatches.CommitAsync(registry, [Guard], operations, CancellationToken.None);
        Assert.Equal(3, registry.Sent.Count);
        Assert.Equal(before + 3, revision);
        Assert.Equal(300, (await registry.RangeAsync("/k/")).Items.Count);
        Assert.Equal(operations, registry.Sent.SelectMany(request => request.Success));
    }

    [Fact]
    public async Task A_failed_guard_stops_and_says_what_was_committed()
    {
        await using var registry = new InterceptedRegistry();
        registry.BeforeAttempt = async sent =>
        {
            if (sent == 2)
            {
                await registry.WriteAsync("/flotilla/engine/deposed", new byte[1]);
            }
        };
        var error = await Assert.ThrowsAsync<RegistryBatchGuardFailedException>(
            () => RegistryBatches.CommitAsync(registry, [Guard], Puts(500), CancellationToken.None));
        Assert.IsAssignableFrom<RegistryPreconditionFailedException>(error);
        Assert.Equal(3, registry.Sent.Count);
        Assert.Equal(2, error.CommittedBatches);
        Assert.Equal(4, error.TotalBatches);
        Assert.Equal(256, error.CommittedOperations);
        Assert.Contains("batch 3 of 4", error.Message);
        Assert.Contains("256 of 500 operations", error.Message);
        Assert.Equal(256, (await registry.RangeAsync("/k/")).Items.Count);
    }

    [Fact]
    public async Task Nothing_is_sent_when_a_later_operation_is_invalid()
    {
        await using var registry = new InterceptedRegistry();
        List<RegistryOperation> operations = [.. Puts(300), RegistryOperation.Put("/k/big", new byte[RegistryLimits.Default.MaxValueBytes + 1])];
        await Assert.ThrowsAsync<RegistryInvalidRequestException>(
            () => RegistryBatches.CommitAsync(registry, [Guard], operations, CancellationToken.None));
        Assert.Empty(registry.Sent);
        Assert.Empty((await registry.RangeAsync("/k/")).Items);
    }

    [Fact]
    public async Task Cancellation_is_passed_to_the_registry()
    {
        await using var registry = new InterceptedRegistry();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => RegistryBatches.CommitAsync(registry, [Guard], Puts(3), cancelled.Token));
    }
}
