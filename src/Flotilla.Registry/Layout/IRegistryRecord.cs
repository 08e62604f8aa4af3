namespace Flotilla.Registry.Layout;

/// <summary>A value stored under the layout: JSON that says which format version wrote it.</summary>
public interface IRegistryRecord
{
    /// <summary>The format version (1 and up); 0 is never valid, so a missing version is caught.</summary>
    int SchemaVersion { get; }
}
