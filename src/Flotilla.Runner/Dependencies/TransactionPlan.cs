namespace Flotilla.Runner.Dependencies;

/// <summary>The planner's answer to one request: a transaction to run, or the reason it is refused as a whole.</summary>
internal sealed record TransactionPlan(JobRequest Request, Transaction? Transaction, string? RefusalReason)
{
    public bool IsRefused => Transaction is null;

    public static TransactionPlan Accepted(JobRequest request, Transaction transaction) => new(request, transaction, null);

    public static TransactionPlan Refused(JobRequest request, string reason) => new(request, null, reason);
}
