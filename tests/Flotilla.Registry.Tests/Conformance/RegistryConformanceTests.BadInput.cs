using Flotilla.Registry.Errors;
using Flotilla.Registry.Transactions;

namespace Flotilla.Registry.Tests.Conformance;

public abstract partial class RegistryConformanceTests
{
    private async Task AssertNothingChangedAsync(long revisionBefore)
    {
        Assert.Equal(revisionBefore, await Registry.GetRevisionAsync(Timeout()));
        Assert.Empty((await Registry.RangeAsync(Prefix + "bad/", cancellationToken: Timeout())).Items);
    }

    [Fact]
    public async Task An_empty_key_is_rejected()
    {
        long before = await PutAsync("marker", "m");

        var error = await Assert.ThrowsAsync<RegistryInvalidRequestException>(() => Registry.PutAsync("", Text("x"), cancellationToken: Timeout()));

        Assert.Contains("must not be empty", error.Message);
        await AssertNothingChangedAsync(before);
    }

    [Fact]
    public async Task A_key_over_the_limit_is_rejected_naming_the_key_and_the_limit()
    {
        long before = await PutAsync("marker", "m");
        string key = Prefix + "bad/" + new string('k', Registry.Limits.MaxKeyBytes);

        var error = await Assert.ThrowsAsync<RegistryInvalidRequestException>(() => Registry.PutAsync(key, Text("x"), cancellationToken: Timeout()));

        Assert.Contains(Prefix + "bad/", error.Message);
        Assert.Contains(Registry.Limits.MaxKeyBytes.ToString(), error.Message);
        await AssertNothingChangedAsync(before);
    }

    [Fact]
    public async Task A_value_over_the_limit_is_rejected_and_not_stored()
    {
        long before = await PutAsync("marker", "m");
        byte[] big = new byte[Registry.Limits.MaxValueBytes + 1];

        var error = await Assert.ThrowsAsync<RegistryInvalidRequestException>(() => Registry.PutAsync(Prefix + "bad/big", big, cancellationToken: Timeout()));

        Assert.Contains("bad/big", error.Message);
        await AssertNothingChangedAsync(before);
    }

    [Fact]
    public async Task A_value_at_the_limit_is_stored()
    {
        byte[] largest = new byte[Registry.Limits.MaxValueBytes];
        largest[^1] = 7;

        await Registry.PutAsync(Prefix + "largest", largest, cancellationToken: Timeout());

        Assert.Equal(largest.Length, (await GetAsync("largest"))!.Value.Length);
        Assert.Equal(7, (await GetAsync("largest"))!.Value.Span[^1]);
    }

    [Fact]
    public async Task A_transaction_over_the_operation_limit_is_rejected_whole()
    {
        long before = await PutAsync("marker", "m");
        var operations = Enumerable.Range(0, Registry.Limits.MaxOperationsPerTransaction + 1)
            .Select(i => RegistryOperation.Put($"{Prefix}bad/{i}", Text("x")))
            .ToList();

        var error = await Assert.ThrowsAsync<RegistryInvalidRequestException>(() => Registry.TransactAsync(new TransactionRequest([], operations), Timeout()));

        Assert.Contains(Registry.Limits.MaxOperationsPerTransaction.ToString(), error.Message);
        await AssertNothingChangedAsync(before);
    }

    [Fact]
    public async Task A_transaction_at_the_operation_limit_is_applied()
    {
        var operations = Enumerable.Range(0, Registry.Limits.MaxOperationsPerTransaction)
            .Select(i => RegistryOperation.Put($"{Prefix}full/{i:D3}", Text("x")))
            .ToList();

        TransactionResult result = await Registry.TransactAsync(new TransactionRequest([], operations), Timeout());

        Assert.True(result.Succeeded);
        Assert.Equal(Registry.Limits.MaxOperationsPerTransaction, (await Registry.RangeAsync(Prefix + "full/", cancellationToken: Timeout())).Items.Count);
    }

    [Fact]
    public async Task A_transaction_over_the_request_size_is_rejected_whole()
    {
        long before = await PutAsync("marker", "m");
        byte[] half = new byte[Registry.Limits.MaxRequestBytes / 2];
        var operations = new[] { RegistryOperation.Put(Prefix + "bad/1", half), RegistryOperation.Put(Prefix + "bad/2", half) };

        await Assert.ThrowsAsync<RegistryInvalidRequestException>(() => Registry.TransactAsync(new TransactionRequest([], operations), Timeout()));

        await AssertNothingChangedAsync(before);
    }

    [Fact]
    public async Task A_key_written_twice_in_one_transaction_is_rejected()
    {
        long before = await PutAsync("marker", "m");
        var operations = new[] { RegistryOperation.Put(Prefix + "bad/a", Text("1")), RegistryOperation.Put(Prefix + "bad/a", Text("2")) };

        var error = await Assert.ThrowsAsync<RegistryInvalidRequestException>(() => Registry.TransactAsync(new TransactionRequest([], operations), Timeout()));

        Assert.Contains("bad/a", error.Message);
        await AssertNothingChangedAsync(before);
    }

    [Fact]
    public async Task Deleting_the_empty_prefix_is_rejected_rather_than_wiping_the_store()
    {
        long before = await PutAsync("marker", "m");

        await Assert.ThrowsAsync<RegistryInvalidRequestException>(() => Registry.DeletePrefixAsync("", Timeout()));

        Assert.Equal(before, await Registry.GetRevisionAsync(Timeout()));
        Assert.NotNull(await GetAsync("marker"));
    }

    [Fact]
    public async Task A_negative_revision_is_rejected()
    {
        await Assert.ThrowsAsync<RegistryInvalidRequestException>(() => Registry.RangeAsync(Prefix, -1, Timeout()));
    }

    [Fact]
    public async Task A_closed_registry_refuses_every_call_with_a_typed_error()
    {
        await PutAsync("marker", "m");
        IRegistry closed = Registry;
        await closed.DisposeAsync();

        await Assert.ThrowsAsync<RegistryClosedException>(() => closed.GetAsync(Prefix + "marker", cancellationToken: Timeout()));
        await Assert.ThrowsAsync<RegistryClosedException>(() => closed.PutAsync(Prefix + "x", Text("x"), cancellationToken: Timeout()));
        await Assert.ThrowsAsync<RegistryClosedException>(() => closed.GrantLeaseAsync(TimeSpan.FromSeconds(5), Timeout()));
        await Assert.ThrowsAsync<RegistryClosedException>(async () =>
        {
            await foreach (var _ in closed.WatchAsync(Prefix, 0, Timeout()))
            {
            }
        });
    }
}
