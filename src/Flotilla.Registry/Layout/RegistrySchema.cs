namespace Flotilla.Registry.Layout;

/// <summary>The version of the record formats this program writes and the newest it can read.</summary>
public static class RegistrySchema
{
    /// <summary>
    /// Raised when any record's format changes incompatibly; <see cref="RegistryRecordCodec"/> then needs
    /// an upgrade step from the previous version so records written by older agents stay readable.
    /// </summary>
    public const int CurrentVersion = 1;
}
