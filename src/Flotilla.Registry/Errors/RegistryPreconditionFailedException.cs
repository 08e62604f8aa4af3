namespace Flotilla.Registry.Errors;

/// <summary>
/// A guarded write found the store not as expected (a compare failed), e.g. a deposed leader trying to
/// commit. Nothing was changed by the failing step; the caller should re-read and decide again.
/// </summary>
public class RegistryPreconditionFailedException : RegistryException
{
    public RegistryPreconditionFailedException()
    {
    }

    public RegistryPreconditionFailedException(string message)
        : base(message)
    {
    }

    public RegistryPreconditionFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
