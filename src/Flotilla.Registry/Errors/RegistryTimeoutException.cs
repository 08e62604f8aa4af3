namespace Flotilla.Registry.Errors;

/// <summary>The store did not answer within the deadline. As with unavailability, a write may or may not have been applied.</summary>
public class RegistryTimeoutException : RegistryException
{
    public RegistryTimeoutException()
    {
    }

    public RegistryTimeoutException(string message)
        : base(message)
    {
    }

    public RegistryTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
