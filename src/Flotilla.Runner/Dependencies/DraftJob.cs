namespace Flotilla.Runner.Dependencies;

/// <summary>A job while the transaction is being built, with the links that pulled it in and those it pulled.</summary>
internal sealed class DraftJob(string unit, DraftJobType type)
{
    public string Unit { get; } = unit;

    public DraftJobType Type { get; set; } = type;

    /// <summary>The job that was asked for; it is never dropped.</summary>
    public bool IsAnchor { get; set; }

    /// <summary>Reachable from an anchor over links that matter: dropping it would fail the request.</summary>
    public bool MattersToAnchor { get; set; }

    /// <summary>Links that pulled this job in.</summary>
    public List<DraftLink> PulledInBy { get; } = [];

    /// <summary>Links to the jobs this job pulled in.</summary>
    public List<DraftLink> PullsIn { get; } = [];

    public bool IsConflictedBy => PulledInBy.Any(link => link.Conflicts);

    public string TypeText => Type switch
    {
        DraftJobType.Start => "start",
        DraftJobType.Stop => "stop",
        DraftJobType.VerifyActive => "verify-active",
        _ => "restart",
    };

    public override string ToString() => $"{Unit}/{TypeText}";
}
