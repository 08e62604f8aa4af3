namespace Flotilla.Registry.Errors;

/// <summary>The registry object was disposed; nothing was sent.</summary>
public class RegistryClosedException : RegistryException
{
    public RegistryClosedException()
    {
    }

    public RegistryClosedException(string message)
        : base(message)
    {
    }

    public RegistryClosedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
