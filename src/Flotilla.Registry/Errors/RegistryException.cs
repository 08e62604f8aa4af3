namespace Flotilla.Registry.Errors;

/// <summary>The base of every failure the registry reports. Subclasses say what the caller can do about it.</summary>
public class RegistryException : Exception
{
    public RegistryException()
    {
    }

    public RegistryException(string message)
        : base(message)
    {
    }

    public RegistryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
