using System.Runtime.CompilerServices;
using Flotilla.Registry;
using Flotilla.Registry.Watching;

namespace Flotilla.Confd.Stores;

/// <summary>The template role's view of an <see cref="IRegistry"/> (the embedded store or etcd).</summary>
public sealed class RegistryTemplateStore(IRegistry registry) : ITemplateStore
{
    public async Task<StoreSnapshot> ReadAsync(IReadOnlyList<string> storeKeys, CancellationToken cancellationToken)
    {
        // The first range fixes the revision; the others read at it, so the resource sees one consistent state.
        var revision = 0L;
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var root in storeKeys)
        {
            var range = await registry.RangeAsync(root, revision, cancellationToken).ConfigureAwait(false);
            revision = range.Revision;
            foreach (var item in range.Items)
            {
                if (StoreKeys.Covers(root, item.Key))
                {
                    pairs[item.Key] = item.ValueText;
                }
            }
        }
        if (revision == 0)
        {
            revision = await registry.GetRevisionAsync(cancellationToken).ConfigureAwait(false);
        }
        return new StoreSnapshot(revision, [.. pairs]);
    }

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken) => registry.GetRevisionAsync(cancellationToken);

    public async IAsyncEnumerable<long> WatchAsync(IReadOnlyList<string> storeKeys, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = StoreKeys.CommonPrefix(storeKeys);
        await foreach (var batch in registry.WatchAsync(prefix, fromRevision, cancellationToken).ConfigureAwait(false))
        {
            if (batch.Events.Any(e => StoreKeys.CoveredByAny(storeKeys, e.Item.Key)))
            {
                yield return batch.Revision;
            }
        }
    }
}
