using Flotilla.Registry.Errors;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Transactions;

namespace Flotilla.Registry.Tests.Layout;

public sealed class RegistryBatchesTests
{
    private static readonly RegistryLimits Limits = RegistryLimits.Default;
    private static readonly Compare LeaderGuard = Compare.CreateRevisionIs("/flotilla/engine/leader/00000000000000ab", CompareOperator.Equal, 42);

    private static List<RegistryOperation> Puts(int count, int valueBytes = 10) =>
        Enumerable.Range(0, count)
            .Select(i => RegistryOperation.Put($"/flotilla/assignments/m1/u{i:D5}.service", new byte[valueBytes]))
            .ToList();

    private static void AssertValid(IEnumerable<TransactionRequest> batches, RegistryLimits limits)
    {
        var validator = new RegistryRequestValidator(limits);
        foreach (TransactionRequest batch in batches)
        {
            validator.Transaction(batch);
        }
    }

    [Fact]
    public void No_operations_plan_no_batches()
    {
        Assert.Empty(RegistryBatches.Plan([LeaderGuard], [], Limits));
    }

    [Fact]
    public void Exactly_the_operation_limit_fits_one_batch()
    {
        List<RegistryOperation> operations = Puts(128);
        TransactionRequest batch = Assert.Single(RegistryBatches.Plan([LeaderGuard], operations, Limits));
        Assert.Equal(operations, batch.Success);
    }

    [Fact]
    public void One_over_the_operation_limit_makes_two_batches_in_order()
    {
        List<RegistryOperation> operations = Puts(129);
        IReadOnlyList<TransactionRequest> batches = RegistryBatches.Plan([LeaderGuard], operations, Limits);
        Assert.Equal(2, batches.Count);
        Assert.Equal(128, batches[0].Success.Count);
        Assert.Same(operations[128], Assert.Single(batches[1].Success));
        Assert.Equal(operations, batches.SelectMany(batch => batch.Success));
        AssertValid(batches, Limits);
    }

    [Fact]
    public void Every_batch_carries_the_same_guards_and_no_failure_branch()
    {
        Compare second = Compare.Exists("/flotilla/engine/leader/x");
        IReadOnlyList<TransactionRequest> batches = RegistryBatches.Plan([LeaderGuard, second], Puts(300), Limits);
        Assert.Equal(3, batches.Count);
        Assert.All(batches, batch =>
        {
            Assert.Equal([LeaderGuard, second], batch.Compares);
            Assert.Empty(batch.FailureOrEmpty);
        });
    }

    [Fact]
    public void Byte_limit_splits_before_the_operation_limit()
    {
        var limits = new RegistryLimits { MaxRequestBytes = 10_000, MaxValueBytes = 5_000 };
        List<RegistryOperation> operations = Puts(10, valueBytes: 2_000);
        IReadOnlyList<TransactionRequest> batches = RegistryBatches.Plan([LeaderGuard], operations, limits);

        // Each put is ~2,070 bytes and the guard ~80, so four fit in 10,000 bytes and a fifth does not.
        Assert.Equal([4, 4, 2], batches.Select(batch => batch.Success.Count));
        Assert.Equal(operations, batches.SelectMany(batch => batch.Success));
        AssertValid(batches, limits);
    }

    [Fact]
    public void Guard_bytes_count_against_every_batch()
    {
        // Without the guard, four ~2,070-byte puts would fit in 8,400 bytes; a 500-byte value guard leaves room for three.
        var limits = new RegistryLimits { MaxRequestBytes = 8_400, MaxValueBytes = 5_000 };
        Compare bigGuard = Compare.ValueIs("/flotilla/engine/leader/x", CompareOperator.Equal, new byte[500]);
        Assert.Equal([4], RegistryBatches.Plan([], Puts(4, 2_000), limits).Select(batch => batch.Success.Count));
        IReadOnlyList<TransactionRequest> batches = RegistryBatches.Plan([bigGuard], Puts(4, 2_000), limits);
        Assert.Equal([3, 1], batches.Select(batch => batch.Success.Count));
        AssertValid(batches, limits);
    }

    [Fact]
    public void A_single_operation_larger_than_a_request_is_rejected_naming_its_key()
    {
        var limits = new RegistryLimits { MaxRequestBytes = 1_000, MaxValueBytes = 5_000 };
        List<RegistryOperation> operations = [.. Puts(3), RegistryOperation.Put("/flotilla/units/huge.service", new byte[2_000])];
        var error = Assert.Throws<RegistryInvalidRequestException>(() => RegistryBatches.Plan([LeaderGuard], operations, limits));
        Assert.Contains("/flotilla/units/huge.service", error.Message);
    }

    [Fact]
    public void Invalid_operations_are_rejected_before_anything_is_planned()
    {
        List<RegistryOperation> operations = [.. Puts(200), RegistryOperation.Put("", new byte[1])];
        Assert.Throws<RegistryInvalidRequestException>(() => RegistryBatches.Plan([LeaderGuard], operations, Limits));
    }

    [Fact]
    public void More_guards_than_a_transaction_allows_are_rejected()
    {
        Compare[] guards = Enumerable.Range(0, 129).Select(i => Compare.Exists($"/g/{i}")).ToArray();
        var error = Assert.Throws<RegistryInvalidRequestException>(() => RegistryBatches.Plan(guards, Puts(1), Limits));
        Assert.Contains("129 guards", error.Message);
    }

    [Fact]
    public void A_key_written_twice_goes_to_a_later_batch_keeping_order()
    {
        RegistryOperation first = RegistryOperation.Put("/k/a", new byte[1]);
        RegistryOperation other = RegistryOperation.Put("/k/b", new byte[1]);
        RegistryOperation again = RegistryOperation.Delete("/k/a");
        IReadOnlyList<TransactionRequest> batches = RegistryBatches.Plan([], [first, other, again], Limits);
        Assert.Equal(2, batches.Count);
        Assert.Equal([first, other], batches[0].Success);
        Assert.Equal([again], batches[1].Success);
        AssertValid(batches, Limits);
    }

    [Fact]
    public void A_prefix_delete_after_a_put_under_it_goes_to_a_later_batch()
    {
        RegistryOperation put = RegistryOperation.Put("/k/m1/a", new byte[1]);
        RegistryOperation wipe = RegistryOperation.DeletePrefix("/k/m1/");
        RegistryOperation putAfter = RegistryOperation.Put("/k/m1/b", new byte[1]);
        IReadOnlyList<TransactionRequest> batches = RegistryBatches.Plan([], [put, wipe, putAfter], Limits);
        Assert.Equal([[put], [wipe], [putAfter]], batches.Select(batch => batch.Success.ToArray()));
        AssertValid(batches, Limits);
    }

    [Fact]
    public void Repeated_deletes_of_one_key_share_a_batch()
    {
        RegistryOperation delete = RegistryOperation.Delete("/k/a");
        Assert.Single(RegistryBatches.Plan([], [delete, delete], Limits));
    }
}
