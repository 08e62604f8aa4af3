using Flotilla.Registry.Data;
using Flotilla.Registry.Transactions;

namespace Flotilla.Registry.Tests.Conformance;

public abstract partial class RegistryConformanceTests
{
    private Task<TransactionResult> TransactAsync(IReadOnlyList<Compare> compares, IReadOnlyList<RegistryOperation> success, IReadOnlyList<RegistryOperation>? failure = null) =>
        Registry.TransactAsync(new TransactionRequest(compares, success, failure), Timeout());

    private RegistryOperation Put(string relativeKey, string value) => RegistryOperation.Put(Prefix + relativeKey, Text(value));

    [Fact]
    public async Task A_transaction_whose_compares_hold_applies_the_success_branch()
    {
        await PutAsync("flag", "on");

        TransactionResult result = await TransactAsync(
            [Compare.ValueIs(Prefix + "flag", CompareOperator.Equal, Text("on"))],
            [Put("then", "yes")],
            [Put("else", "yes")]);

        Assert.True(result.Succeeded);
        Assert.Equal("yes", (await GetAsync("then"))?.ValueText);
        Assert.Null(await GetAsync("else"));
        Assert.Equal(result.Revision, (await GetAsync("then"))!.ModRevision);
    }

    [Fact]
    public async Task A_transaction_whose_compare_fails_applies_the_failure_branch_only()
    {
        await PutAsync("flag", "off");

        TransactionResult result = await TransactAsync(
            [Compare.ValueIs(Prefix + "flag", CompareOperator.Equal, Text("on"))],
            [Put("then", "yes")],
            [Put("else", "yes")]);

        Assert.False(result.Succeeded);
        Assert.Null(await GetAsync("then"));
        Assert.Equal("yes", (await GetAsync("else"))?.ValueText);
    }

    [Fact]
    public async Task Create_if_missing_succeeds_once()
    {
        TransactionResult first = await TransactAsync([Compare.Missing(Prefix + "lock")], [Put("lock", "first")]);
        TransactionResult second = await TransactAsync([Compare.Missing(Prefix + "lock")], [Put("lock", "second")]);

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        Assert.Equal("first", (await GetAsync("lock"))?.ValueText);
    }

    [Fact]
    public async Task A_mod_revision_guard_rejects_a_write_based_on_a_stale_read()
    {
        long seen = await PutAsync("counter", "1");
        await PutAsync("counter", "2"); // someone else's write

        TransactionResult stale = await TransactAsync([Compare.Unchanged(Prefix + "counter", seen)], [Put("counter", "stale")]);
        long current = (await GetAsync("counter"))!.ModRevision;
        TransactionResult fresh = await TransactAsync([Compare.Unchanged(Prefix + "counter", current)], [Put("counter", "3")]);

        Assert.False(stale.Succeeded);
        Assert.True(fresh.Succeeded);
        Assert.Equal("3", (await GetAsync("counter"))?.ValueText);
    }

    [Fact]
    public async Task Version_and_create_revision_compares_use_all_four_operators()
    {
        long created = await PutAsync("k", "1");
        await PutAsync("k", "2");
        string key = Prefix + "k";

        Compare[] holding =
        [
            Compare.VersionIs(key, CompareOperator.Equal, 2),
            Compare.VersionIs(key, CompareOperator.Greater, 1),
            Compare.VersionIs(key, CompareOperator.Less, 3),
            Compare.VersionIs(key, CompareOperator.NotEqual, 1),
            Compare.CreateRevisionIs(key, CompareOperator.Equal, created),
            Compare.ModRevisionIs(key, CompareOperator.Greater, created),
            Compare.ValueIs(key, CompareOperator.Greater, Text("1")),
            Compare.ValueIs(key, CompareOperator.Less, Text("3")),
            Compare.ValueIs(key, CompareOperator.NotEqual, Text("1")),
            Compare.Exists(key),
        ];
        foreach (Compare compare in holding)
        {
            TransactionResult result = await TransactAsync([compare], []);
            Assert.True(result.Succeeded, $"{compare.Target} {compare.Operator} should hold");
        }

        TransactionResult failing = await TransactAsync([.. holding, Compare.VersionIs(key, CompareOperator.Greater, 2)], []);
        Assert.False(failing.Succeeded);
    }

    [Fact]
    public async Task A_value_compare_against_a_missing_key_is_false_for_every_operator()
    {
        foreach (CompareOperator op in Enum.GetValues<CompareOperator>())
        {
            TransactionResult result = await TransactAsync([Compare.ValueIs(Prefix + "absent", op, Text("x"))], []);
            Assert.False(result.Succeeded, $"{op} against a missing key");
        }
    }

    [Fact]
    public async Task All_writes_of_a_transaction_share_one_revision_and_results_follow_the_operations()
    {
        await PutAsync("old/1", "x");
        await PutAsync("old/2", "y");
        await PutAsync("read", "r");

        TransactionResult result = await TransactAsync(
            [],
            [Put("new/a", "1"), RegistryOperation.Get(Prefix + "read"), RegistryOperation.DeletePrefix(Prefix + "old/"), Put("new/b", "2"), RegistryOperation.Delete(Prefix + "missing")]);

        Assert.True(result.Succeeded);
        Assert.Equal([OperationKind.Put, OperationKind.Get, OperationKind.DeletePrefix, OperationKind.Put, OperationKind.Delete], result.Results.Select(r => r.Kind));
        Assert.Equal("r", result.Results[1].Item?.ValueText);
        Assert.Equal(2, result.Results[2].Deleted);
        Assert.Equal(0, result.Results[4].Deleted);
        Assert.Equal(result.Revision, (await GetAsync("new/a"))!.ModRevision);
        Assert.Equal(result.Revision, (await GetAsync("new/b"))!.ModRevision);
        Assert.Null(await GetAsync("old/1"));
    }

    [Fact]
    public async Task A_read_only_transaction_makes_no_revision()
    {
        await PutAsync("a", "1");
        long before = await Registry.GetRevisionAsync(Timeout());

        TransactionResult result = await TransactAsync([Compare.Exists(Prefix + "a")], [RegistryOperation.Get(Prefix + "a"), RegistryOperation.Get(Prefix + "none")]);

        Assert.True(result.Succeeded);
        Assert.Equal(before, result.Revision);
        Assert.Equal("1", result.Results[0].Item?.ValueText);
        Assert.Null(result.Results[1].Item);
        Assert.Equal(before, await Registry.GetRevisionAsync(Timeout()));
    }

    [Fact]
    public async Task Concurrent_guarded_increments_never_lose_an_update()
    {
        await PutAsync("counter", "0");

        async Task IncrementAsync(int times)
        {
            for (int done = 0; done < times;)
            {
                var current = (await GetAsync("counter"))!;
                int next = int.Parse(current.ValueText) + 1;
                TransactionResult result = await TransactAsync([Compare.Unchanged(Prefix + "counter", current.ModRevision)], [Put("counter", next.ToString())]);
                if (result.Succeeded)
                {
                    done++;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => IncrementAsync(10))));

        KeyValue counter = (await GetAsync("counter"))!;
        Assert.Equal("40", counter.ValueText);
        Assert.Equal(41, counter.Version);
    }
}
