using Flotilla.Registry.Errors;

namespace Flotilla.Registry.Layout;

/// <summary>
/// A value in the registry is not a record this flotilla can read: invalid JSON, a missing field, no
/// schema version, or a schema version from a newer flotilla. <see cref="Key"/> says where it is.
/// </summary>
public class RegistryRecordException : RegistryException
{
    public RegistryRecordException()
    {
        Key = "";
    }

    public RegistryRecordException(string message)
        : base(message)
    {
        Key = "";
    }

    public RegistryRecordException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Key = "";
    }

    public RegistryRecordException(string key, string message, Exception? innerException)
        : base(message, innerException)
    {
        Key = key;
    }

    /// <summary>The key whose value could not be read.</summary>
    public string Key { get; }
}
