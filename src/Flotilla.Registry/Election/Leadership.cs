using Flotilla.Registry.Transactions;

namespace Flotilla.Registry.Election;

/// <summary>
/// Proof of having won an election: the candidate's key and the revision that created it. Every write a
/// leader makes should carry <see cref="Guard"/>, so that a leader deposed in the meantime (its lease
/// expired, its key deleted) can never commit anything.
/// </summary>
public sealed record Leadership(string Key, string Value, long CreateRevision, long LeaseId)
{
    /// <summary>Holds while this leadership's key is the very one created at <see cref="CreateRevision"/>.</summary>
    public Compare Guard => Compare.CreateRevisionIs(Key, CompareOperator.Equal, CreateRevision);
}
