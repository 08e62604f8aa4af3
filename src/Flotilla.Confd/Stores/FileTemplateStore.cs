using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Flotilla.Confd.Stores;

/// <summary>
/// confd's file backend: keys from YAML files (<see cref="YamlKeyReader"/>). The revision counts content
/// changes seen by this process; a watch polls the files every <see cref="PollInterval"/>.
/// </summary>
public sealed class FileTemplateStore(IReadOnlyList<string> files, TimeProvider? time = null) : ITemplateStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private string _fingerprint = "";
    private long _revision;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public Task<StoreSnapshot> ReadAsync(IReadOnlyList<string> storeKeys, CancellationToken cancellationToken)
    {
        var (pairs, revision) = Load();
        return Task.FromResult(new StoreSnapshot(revision, pairs.Where(p => StoreKeys.CoveredByAny(storeKeys, p.Key)).ToArray()));
    }

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken) => Task.FromResult(Load().Revision);

    public async IAsyncEnumerable<long> WatchAsync(IReadOnlyList<string> storeKeys, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = fromRevision - 1;
        while (true)
        {
            var revision = Load().Revision;
            if (revision > seen)
            {
                seen = revision;
                yield return revision;
            }
            await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private (IReadOnlyList<KeyValuePair<string, string>> Pairs, long Revision) Load()
    {
        var texts = files.Select(File.ReadAllText).ToArray();
        var pairs = files.Zip(texts).SelectMany(f => ReadFile(f.First, f.Second)).ToArray();
        var fingerprint = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\0', texts))));
        lock (_gate)
        {
            if (fingerprint != _fingerprint)
            {
                _fingerprint = fingerprint;
                _revision++;
            }
            return (pairs, _revision);
        }
    }

    private static IReadOnlyList<KeyValuePair<string, string>> ReadFile(string file, string text)
    {
        try
        {
            return YamlKeyReader.Read(file, text);
        }
        catch (FormatException e)
        {
            throw new IOException(e.Message, e);
        }
    }
}
