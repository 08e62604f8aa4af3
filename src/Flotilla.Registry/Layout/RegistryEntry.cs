namespace Flotilla.Registry.Layout;

/// <summary>
/// A decoded record with the revisions of its key, so the caller can write it back guarded by
/// <see cref="ModRevision"/> (nothing changed it since it was read).
/// </summary>
public sealed record RegistryEntry<T>(string Key, T Record, long CreateRevision, long ModRevision, long LeaseId)
    where T : class, IRegistryRecord;
