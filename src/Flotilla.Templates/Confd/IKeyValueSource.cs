namespace Flotilla.Templates.Confd;

/// <summary>
/// The keys one render may see, already narrowed to the resource's keys and stripped of its prefix
/// (each key starts with '/'). A source is a snapshot: it does not change while a template executes.
/// </summary>
public interface IKeyValueSource
{
    /// <summary>Every visible key and its value, in no particular order.</summary>
    IEnumerable<KVPair> Pairs { get; }

    bool TryGetValue(string key, out string value);
}
