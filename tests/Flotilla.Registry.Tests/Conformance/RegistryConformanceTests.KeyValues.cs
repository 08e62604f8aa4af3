using Flotilla.Registry.Data;
using Flotilla.Registry.Errors;

namespace Flotilla.Registry.Tests.Conformance;

public abstract partial class RegistryConformanceTests
{
    [Fact]
    public async Task A_put_value_reads_back_with_its_revisions()
    {
        long revision = await PutAsync("a", "one");

        KeyValue? item = await GetAsync("a");

        Assert.NotNull(item);
        Assert.Equal(Prefix + "a", item.Key);
        Assert.Equal("one", item.ValueText);
        Assert.Equal(revision, item.CreateRevision);
        Assert.Equal(revision, item.ModRevision);
        Assert.Equal(1, item.Version);
        Assert.Equal(0, item.LeaseId);
    }

    [Fact]
    public async Task Every_write_gets_a_higher_revision_and_the_store_reports_the_latest()
    {
        long first = await PutAsync("a", "1");
        long second = await PutAsync("b", "2");

        Assert.True(second > first, $"{second} > {first}");
        Assert.True(await Registry.GetRevisionAsync(Timeout()) >= second);
    }

    [Fact]
    public async Task Overwriting_keeps_the_create_revision_and_counts_versions()
    {
        long created = await PutAsync("a", "1");
        await PutAsync("a", "2");
        long last = await PutAsync("a", "3");

        KeyValue item = (await GetAsync("a"))!;

        Assert.Equal("3", item.ValueText);
        Assert.Equal(created, item.CreateRevision);
        Assert.Equal(last, item.ModRevision);
        Assert.Equal(3, item.Version);
    }

    [Fact]
    public async Task A_missing_key_reads_as_null()
    {
        Assert.Null(await GetAsync("nothing-here"));
    }

    [Fact]
    public async Task Binary_values_and_unicode_keys_round_trip_exactly()
    {
        byte[] bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await Registry.PutAsync(Prefix + "bin", bytes, cancellationToken: Timeout());
        await PutAsync("ключ/雪/🙂", "unicode");
        await Registry.PutAsync(Prefix + "empty", ReadOnlyMemory<byte>.Empty, cancellationToken: Timeout());

        Assert.Equal(bytes, (await GetAsync("bin"))!.Value.ToArray());
        Assert.Equal("unicode", (await GetAsync("ключ/雪/🙂"))!.ValueText);
        KeyValue empty = (await GetAsync("empty"))!;
        Assert.Equal(0, empty.Value.Length);
        Assert.Equal(1, empty.Version);
    }

    [Fact]
    public async Task Deleting_a_key_removes_it_in_a_new_revision()
    {
        long put = await PutAsync("a", "1");

        DeleteResult deleted = await Registry.DeleteAsync(Prefix + "a", Timeout());

        Assert.Equal(1, deleted.Deleted);
        Assert.True(deleted.Revision > put);
        Assert.Null(await GetAsync("a"));
    }

    [Fact]
    public async Task Deleting_a_missing_key_deletes_nothing_and_makes_no_revision()
    {
        await PutAsync("other", "x");
        long before = await Registry.GetRevisionAsync(Timeout());

        DeleteResult deleted = await Registry.DeleteAsync(Prefix + "missing", Timeout());

        Assert.Equal(0, deleted.Deleted);
        Assert.Equal(before, await Registry.GetRevisionAsync(Timeout()));
    }

    [Fact]
    public async Task A_key_created_again_after_deletion_starts_a_new_life()
    {
        long firstLife = await PutAsync("a", "1");
        await PutAsync("a", "2");
        await Registry.DeleteAsync(Prefix + "a", Timeout());

        long secondLife = await PutAsync("a", "3");

        KeyValue item = (await GetAsync("a"))!;
        Assert.Equal(secondLife, item.CreateRevision);
        Assert.NotEqual(firstLife, item.CreateRevision);
        Assert.Equal(1, item.Version);
    }

    [Fact]
    public async Task Deleting_a_prefix_removes_exactly_the_keys_under_it_in_one_revision()
    {
        await PutAsync("dir/a", "1");
        await PutAsync("dir/b/c", "2");
        await PutAsync("dir2", "sibling");
        await PutAsync("di", "shorter");

        DeleteResult deleted = await Registry.DeletePrefixAsync(Prefix + "dir/", Timeout());

        Assert.Equal(2, deleted.Deleted);
        RangeResult left = await Registry.RangeAsync(Prefix, cancellationToken: Timeout());
        Assert.Equal([Prefix + "di", Prefix + "dir2"], left.Items.Select(i => i.Key));
    }

    [Fact]
    public async Task A_range_returns_the_keys_under_the_prefix_sorted()
    {
        await PutAsync("units/b", "2");
        await PutAsync("units/a", "1");
        await PutAsync("units/c/d", "3");
        await PutAsync("unitsx", "not under units/");
        long last = await PutAsync("machines/m1", "m");

        RangeResult range = await Registry.RangeAsync(Prefix + "units/", cancellationToken: Timeout());

        Assert.Equal([Prefix + "units/a", Prefix + "units/b", Prefix + "units/c/d"], range.Items.Select(i => i.Key));
        Assert.Equal(["1", "2", "3"], range.Items.Select(i => i.ValueText));
        Assert.True(range.Revision >= last);
    }

    [Fact]
    public async Task A_range_of_an_empty_prefix_is_empty_with_the_current_revision()
    {
        long revision = await PutAsync("elsewhere", "x");

        RangeResult range = await Registry.RangeAsync(Prefix + "nothing/", cancellationToken: Timeout());

        Assert.Empty(range.Items);
        Assert.True(range.Revision >= revision);
    }

    [Fact]
    public async Task A_range_at_an_old_revision_is_the_snapshot_of_that_moment()
    {
        await PutAsync("s/a", "a1");
        long snapshot = await PutAsync("s/b", "b1");
        await PutAsync("s/a", "a2");
        await PutAsync("s/c", "c1");
        await Registry.DeleteAsync(Prefix + "s/b", Timeout());

        RangeResult then = await Registry.RangeAsync(Prefix + "s/", snapshot, Timeout());
        RangeResult now = await Registry.RangeAsync(Prefix + "s/", cancellationToken: Timeout());

        Assert.Equal(snapshot, then.Revision);
        Assert.Equal(["a1", "b1"], then.Items.Select(i => i.ValueText));
        Assert.Equal(["a2", "c1"], now.Items.Select(i => i.ValueText));
        Assert.Equal("a1", (await GetAsync("s/a", snapshot))!.ValueText);
        Assert.Null(await GetAsync("s/c", snapshot));
    }

    [Fact]
    public async Task A_large_range_is_one_consistent_snapshot()
    {
        // More keys than one page of a paging implementation, each about 2 KiB.
        string filler = new('x', 2000);
        for (int batch = 0; batch < 12; batch++)
        {
            var operations = Enumerable.Range(batch * 100, 100)
                .Select(i => Transactions.RegistryOperation.Put($"{Prefix}big/{i:D5}", Text(filler + i)))
                .ToList();
            await Registry.TransactAsync(new Transactions.TransactionRequest([], operations), Timeout());
        }

        RangeResult range = await Registry.RangeAsync(Prefix + "big/", cancellationToken: Timeout());

        Assert.Equal(1200, range.Items.Count);
        Assert.Equal(filler + "1199", range.Items[^1].ValueText);
        Assert.True(range.Items.Zip(range.Items.Skip(1)).All(p => string.CompareOrdinal(p.First.Key, p.Second.Key) < 0));
    }

    [Fact]
    public async Task Reading_a_future_revision_is_an_invalid_request()
    {
        long now = await PutAsync("a", "1");

        await Assert.ThrowsAsync<RegistryInvalidRequestException>(() => Registry.RangeAsync(Prefix, now + 1000, Timeout()));
    }

    [Fact]
    public async Task Reads_below_the_compaction_point_report_compaction()
    {
        long old = await PutAsync("a", "1");
        await PutAsync("a", "2");
        long compactAt = await PutAsync("a", "3");

        await Registry.CompactAsync(compactAt, Timeout());

        var error = await Assert.ThrowsAsync<RegistryCompactedException>(() => Registry.RangeAsync(Prefix, old, Timeout()));
        Assert.Equal(compactAt, error.CompactRevision);
        Assert.Equal("3", (await GetAsync("a", compactAt))!.ValueText);
    }

    [Fact]
    public async Task Compacting_again_at_or_below_the_compaction_point_reports_compaction_as_etcd_does()
    {
        await PutAsync("a", "1");
        long compactAt = await PutAsync("a", "2");
        await Registry.CompactAsync(compactAt, Timeout());

        var error = await Assert.ThrowsAsync<RegistryCompactedException>(() => Registry.CompactAsync(compactAt, Timeout()));

        Assert.Equal(compactAt, error.CompactRevision);
    }

    [Fact]
    public async Task Compacting_a_future_revision_is_an_invalid_request()
    {
        long now = await PutAsync("a", "1");

        await Assert.ThrowsAsync<RegistryInvalidRequestException>(() => Registry.CompactAsync(now + 1000, Timeout()));

        Assert.Equal("1", (await GetAsync("a"))?.ValueText);
    }
}
