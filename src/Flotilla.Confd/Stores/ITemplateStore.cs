namespace Flotilla.Confd.Stores;

/// <summary>
/// Where the template role reads its keys: the cluster registry (embedded or etcd) or a file. Every
/// failure to reach the store is an exception the caller retries with backoff.
/// </summary>
public interface ITemplateStore
{
    /// <summary>Everything under each of <paramref name="storeKeys"/> (prefix reads), all at one revision.</summary>
    Task<StoreSnapshot> ReadAsync(IReadOnlyList<string> storeKeys, CancellationToken cancellationToken);

    /// <summary>The store's current revision: a watch from it + 1 misses nothing that a later read would not show.</summary>
    Task<long> GetRevisionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The revisions at which something under <paramref name="storeKeys"/> changed, from
    /// <paramref name="fromRevision"/> on. Ends only by cancellation or an exception; the caller resumes
    /// from the last revision it saw + 1.
    /// </summary>
    /// <exception cref="Registry.Errors.RegistryCompactedException">History from <paramref name="fromRevision"/> is gone: re-read and start again.</exception>
    IAsyncEnumerable<long> WatchAsync(IReadOnlyList<string> storeKeys, long fromRevision, CancellationToken cancellationToken);
}
