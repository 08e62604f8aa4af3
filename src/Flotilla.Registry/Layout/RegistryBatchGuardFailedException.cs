using Flotilla.Registry.Errors;

namespace Flotilla.Registry.Layout;

/// <summary>
/// A guard of a batched commit stopped holding part-way (typically: this engine is no longer the leader).
/// The batches before the failing one are committed, the rest are not; re-read and plan again.
/// </summary>
public class RegistryBatchGuardFailedException : RegistryPreconditionFailedException
{
    public RegistryBatchGuardFailedException()
    {
    }

    public RegistryBatchGuardFailedException(string message)
        : base(message)
    {
    }

    public RegistryBatchGuardFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RegistryBatchGuardFailedException(int committedBatches, int totalBatches, int committedOperations, int totalOperations)
        : base($"a guard failed at batch {committedBatches + 1} of {totalBatches}: {committedBatches} batches ({committedOperations} of {totalOperations} operations) were committed before it; re-read and plan again")
    {
        CommittedBatches = committedBatches;
        TotalBatches = totalBatches;
        CommittedOperations = committedOperations;
        TotalOperations = totalOperations;
    }

    public int CommittedBatches { get; }

    public int TotalBatches { get; }

    public int CommittedOperations { get; }

    public int TotalOperations { get; }
}
