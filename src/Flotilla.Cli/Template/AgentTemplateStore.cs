using System.Net;
using System.Runtime.CompilerServices;
using Flotilla.Cli.Client;
using Flotilla.Confd.Stores;
using Flotilla.Registry.Errors;

namespace Flotilla.Cli.Template;

/// <summary>
/// The template role's keys read through a flotilla agent's API (<c>flotilla template --endpoint</c>):
/// the way to render from a one-machine cluster, whose embedded store only the agent may open, and from
/// any machine that should not hold etcd credentials.
/// </summary>
/// <remarks>
/// All of a resource's keys come from one recursive listing at the folder above their common prefix, so
/// they are read at one revision as the role requires; the watch is the API's kv watch of that folder,
/// resumed by the role from the last revision it saw.
/// </remarks>
internal sealed class AgentTemplateStore(FlotillaApiClient client) : ITemplateStore
{
    public async Task<StoreSnapshot> ReadAsync(IReadOnlyList<string> storeKeys, CancellationToken cancellationToken)
    {
        KvListing listing = await ListAsync(Folder(storeKeys), cancellationToken);
        var pairs = (listing.Entries ?? [])
            .Where(entry => StoreKeys.CoveredByAny(storeKeys, entry.Key))
            .Select(entry => KeyValuePair.Create(entry.Key, entry.Value))
            .ToList();
        return new StoreSnapshot(listing.Revision, pairs);
    }

    public async Task<long> GetRevisionAsync(CancellationToken cancellationToken) =>
        (await ListAsync("/", cancellationToken)).Revision;

    public async IAsyncEnumerable<long> WatchAsync(IReadOnlyList<string> storeKeys, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (KvEvent change in Call(() => client.WatchKeysAsync(Folder(storeKeys), recursive: true, fromRevision, cancellationToken), cancellationToken))
        {
            if (StoreKeys.CoveredByAny(storeKeys, change.Key))
            {
                yield return change.Revision;
            }
        }

        // The agent ended the stream (it stopped): the role backs off and resumes from the last revision it
        // saw. (Compacted history ends the stream with an error line instead, thrown above.)
        cancellationToken.ThrowIfCancellationRequested();
        throw new RegistryUnavailableException("the agent ended the key watch");
    }

    /// <summary>The folder above the keys' common prefix: a recursive listing of it holds each key itself and everything under it.</summary>
    internal static string Folder(IReadOnlyList<string> storeKeys)
    {
        // A character prefix: it may end inside a segment ("/app/ab" of "/app/abc" and "/app/abd") or be
        // a whole key ("/services/web"); the folder holding its last segment covers both.
        string common = StoreKeys.CommonPrefix(storeKeys);
        int slash = common.LastIndexOf('/');
        return slash <= 0 ? "/" : common[..slash];
    }

    private async Task<KvListing> ListAsync(string folder, CancellationToken cancellationToken)
    {
        try
        {
            return await client.ListKeysAsync(folder, cancellationToken);
        }
        catch (Exception e) when (e is AgentUnreachableException or ApiException or HttpRequestException)
        {
            throw new RegistryUnavailableException(e.Message, e);
        }
    }

    private static async IAsyncEnumerable<KvEvent> Call(Func<IAsyncEnumerable<KvEvent>> watch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<KvEvent> events = watch().GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await events.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (ApiException e) when (e.Status == HttpStatusCode.Gone)
                {
                    // The history from the role's revision is gone: it re-reads the keys and watches from there.
                    throw new RegistryCompactedException(e.Message, e);
                }
                catch (Exception e) when (e is AgentUnreachableException or ApiException or HttpRequestException or IOException)
                {
                    throw new RegistryUnavailableException(e.Message, e);
                }

                yield return events.Current;
            }
        }
        finally
        {
            await events.DisposeAsync();
        }
    }
}
