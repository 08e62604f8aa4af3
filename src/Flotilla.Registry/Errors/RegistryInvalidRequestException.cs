namespace Flotilla.Registry.Errors;

/// <summary>The request is malformed or over a limit (empty key, key or value too large, too many operations, a future revision). Nothing was changed; retrying the same request fails the same way.</summary>
public class RegistryInvalidRequestException : RegistryException
{
    public RegistryInvalidRequestException()
    {
    }

    public RegistryInvalidRequestException(string message)
        : base(message)
    {
    }

    public RegistryInvalidRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
