namespace Flotilla.Registry.Layout;

/// <summary>
/// A value stored under one of the layout's keys. <see cref="SchemaVersion"/> lets an older flotilla
/// refuse a record it cannot understand instead of misreading it, and lets a newer one migrate old ones.
/// </summary>
public interface IRegistryRecord
{
    int SchemaVersion { get; }
}
