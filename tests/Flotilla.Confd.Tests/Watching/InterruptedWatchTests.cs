using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Flotilla.Confd.Stores;
using Flotilla.Registry.Data;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Errors;
using Flotilla.Testing;

namespace Flotilla.Confd.Tests.Watching;

/// <summary>
/// The embedded store behind a wrapper whose watch streams break (as an etcd stream does when its member
/// dies): every resumed watch must start right after the last revision seen, and nothing is lost.
/// </summary>
public sealed class InterruptedWatchTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private EmbeddedRegistry _registry = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_directory.Database)!);
        _registry = EmbeddedRegistry.Open(_directory.Database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_broken_watch_resumes_from_the_revision_after_the_last_one_seen()
    {
        await _registry.PutAsync("/app/value", RegistryText.Encode("0"));
        var store = new BreakingStore(new RegistryTemplateStore(_registry));
        var conf = new ConfDirectory(Path.Combine(_directory.Path, "confd"));
        var resource = conf.Add("app", "{{getv \"/app/value\"}}", "\"/app\"");
        await using var run = new WatchRun(store, resource);
        await Eventually.HoldsAsync(() => Eventually.Read(resource.Destination) == "0", "the first render");

        var revisions = new List<long>();
        for (var i = 1; i <= 3; i++)
        {
            revisions.Add(await _registry.PutAsync("/app/value", RegistryText.Encode(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            await Eventually.HoldsAsync(() => Eventually.Read(resource.Destination) == i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"change {i} is rendered");
        }

        // Each stream breaks right after delivering one change; the next starts after that change.
        await Eventually.HoldsAsync(() => store.WatchStarts.Count >= 4, "the watch resumes after the last break");
        var starts = store.WatchStarts.ToArray();
        Assert.Equal(revisions.Select(r => r + 1), starts.Skip(1).Take(3));
    }

    private sealed class BreakingStore(ITemplateStore inner) : ITemplateStore
    {
        public ConcurrentQueue<long> WatchStarts { get; } = new();

        public Task<StoreSnapshot> ReadAsync(IReadOnlyList<string> storeKeys, CancellationToken cancellationToken) => inner.ReadAsync(storeKeys, cancellationToken);

        public Task<long> GetRevisionAsync(CancellationToken cancellationToken) => inner.GetRevisionAsync(cancellationToken);

        public async IAsyncEnumerable<long> WatchAsync(IReadOnlyList<string> storeKeys, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            WatchStarts.Enqueue(fromRevision);
            await foreach (var revision in inner.WatchAsync(storeKeys, fromRevision, cancellationToken))
            {
                yield return revision;
                throw new RegistryUnavailableException("the member went away");
            }
        }
    }
}
