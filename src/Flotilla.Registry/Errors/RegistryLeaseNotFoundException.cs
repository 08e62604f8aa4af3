namespace Flotilla.Registry.Errors;

/// <summary>The lease has expired, was revoked, or never existed. Its keys are gone; grant a new one.</summary>
public class RegistryLeaseNotFoundException : RegistryException
{
    public RegistryLeaseNotFoundException()
    {
    }

    public RegistryLeaseNotFoundException(string message)
        : base(message)
    {
    }

    public RegistryLeaseNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RegistryLeaseNotFoundException(long leaseId)
        : base($"lease {leaseId:x} not found (expired or revoked)")
    {
        LeaseId = leaseId;
    }

    public long LeaseId { get; }
}
