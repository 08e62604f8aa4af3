namespace Flotilla.Registry.Layout;

/// <summary>
/// Every record of one folder as it was at <see cref="Revision"/>, sorted by key. Watch from
/// <see cref="Revision"/> + 1 to follow changes without missing any.
/// </summary>
public sealed record RegistrySnapshot<T>(long Revision, IReadOnlyList<RegistryEntry<T>> Entries)
    where T : class, IRegistryRecord;
