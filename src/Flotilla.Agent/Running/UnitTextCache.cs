using Flotilla.Agent.Reconciling;
using Flotilla.Registry.Layout;

namespace Flotilla.Agent.Running;

/// <summary>
/// The unit texts this agent has read, by unit, each with its parsed rules. A text never changes under its
/// hash, so entries stay valid across registry sessions; only units the agent no longer wants are dropped.
/// Not thread-safe: the caller serializes access.
/// </summary>
internal sealed class UnitTextCache
{
    private readonly Dictionary<string, KnownUnit> _texts = new(StringComparer.Ordinal);

    public int Count => _texts.Count;

    /// <summary>The text of <paramref name="name"/> read last, whatever its hash, or null.</summary>
    public KnownUnit? Find(string name) => _texts.GetValueOrDefault(name);

    public void Store(UnitRecord record) => _texts[record.Name] = KnownUnit.From(record, _texts.GetValueOrDefault(record.Name));

    /// <summary>Forgets every text but those of <paramref name="names"/>.</summary>
    public void Retain(IReadOnlySet<string> names)
    {
        foreach (string name in _texts.Keys.Where(name => !names.Contains(name)).ToList())
        {
            _texts.Remove(name);
        }
    }
}
