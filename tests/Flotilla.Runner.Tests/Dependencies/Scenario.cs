using Flotilla.Runner.Dependencies;
using Flotilla.Units.Services;

namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>Short ways to write the units and plans of a planner test.</summary>
internal static class Scenario
{
    public const UnitActiveState Active = UnitActiveState.Active;
    public const UnitActiveState Inactive = UnitActiveState.Inactive;

    public static UnitSnapshot Unit(string name, UnitDependencies? dependencies = null, UnitActiveState state = UnitActiveState.Inactive) =>
        new(name, dependencies ?? UnitDependencies.None, state);

    public static TransactionPlan Plan(JobRequest request, params UnitSnapshot[] units) =>
        new TransactionPlanner(new UnitGraph(units)).Plan(request);

    public static Transaction Accepted(JobRequest request, params UnitSnapshot[] units)
    {
        var plan = Plan(request, units);
        Assert.False(plan.IsRefused, plan.RefusalReason);
        return plan.Transaction!;
    }

    /// <summary>The jobs as systemd names them, sorted: for asserting which jobs there are, not their order.</summary>
    public static string[] JobSet(Transaction transaction) =>
        transaction.Jobs.Select(job => job.ToString()).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The jobs in the transaction's order.</summary>
    public static string[] JobOrder(Transaction transaction) => transaction.Jobs.Select(job => job.ToString()).ToArray();

    public static string[] Orderings(Transaction transaction) =>
        transaction.Orderings.Select(o => $"{o.First} < {o.Then}").Order(StringComparer.Ordinal).ToArray();

    public static string[] Cancellations(Transaction transaction) =>
        transaction.Cancellations.Select(c => $"{c.Trigger} cancels {c.Cancelled}").Order(StringComparer.Ordinal).ToArray();

    public static UnitJob Job(string text)
    {
        var slash = text.LastIndexOf('/');
        var type = text[(slash + 1)..] switch
        {
            "start" => JobType.Start,
            "stop" => JobType.Stop,
            "verify-active" => JobType.VerifyActive,
            var other => throw new ArgumentException($"unknown job type {other}", nameof(text)),
        };
        return new UnitJob(text[..slash], type);
    }
}
