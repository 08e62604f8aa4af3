using Flotilla.Registry.Errors;

namespace Flotilla.Registry.Layout;

/// <summary>
/// A key holds a value that is not a record this program can read: not JSON, missing fields, or written
/// by a newer Flotilla. Re-reading will not help; the message names the key and what is wrong.
/// </summary>
public class RegistryRecordException : RegistryException
{
    public RegistryRecordException()
    {
    }

    public RegistryRecordException(string message)
        : base(message)
    {
    }

    public RegistryRecordException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RegistryRecordException(string key, string message, Exception? innerException)
        : base(message, innerException)
    {
        Key = key;
    }

    /// <summary>The key whose value could not be read.</summary>
    public string Key { get; } = "";
}
