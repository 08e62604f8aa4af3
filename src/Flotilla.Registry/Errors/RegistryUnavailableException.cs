namespace Flotilla.Registry.Errors;

/// <summary>No member of the store could be reached (or it has no quorum). Retrying later may succeed; the request may or may not have been applied if it was a write.</summary>
public class RegistryUnavailableException : RegistryException
{
    public RegistryUnavailableException()
    {
    }

    public RegistryUnavailableException(string message)
        : base(message)
    {
    }

    public RegistryUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
