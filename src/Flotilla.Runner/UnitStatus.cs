namespace Flotilla.Runner;

/// <summary>
/// What the runner reports for one unit, in systemd's vocabulary: load and active state, the sub-state
/// (<c>running</c>, <c>exited</c>, <c>dead</c>, <c>failed</c>, <c>auto-restart</c>, <c>start-pre</c>, ...),
/// the result of the last run (<c>success</c>, <c>exit-code</c>, <c>signal</c>, <c>timeout</c>,
/// <c>start-limit-hit</c>, <c>resources</c>, ...) and a sentence for people when something went wrong.
/// </summary>
public sealed record UnitStatus(
    string Name,
    string Hash,
    UnitLoadState LoadState,
    UnitActiveState ActiveState,
    string SubState,
    string Result,
    int? MainPid,
    string? StatusText,
    DateTimeOffset Since)
{
    /// <summary>systemd's text for the load state (<c>loaded</c>, <c>not-found</c>, <c>error</c>).</summary>
    public string LoadText => LoadState switch
    {
        UnitLoadState.Loaded => "loaded",
        UnitLoadState.NotFound => "not-found",
        _ => "error",
    };

    /// <summary>systemd's text for the active state (<c>active</c>, <c>inactive</c>, <c>failed</c>, ...).</summary>
    public string ActiveText => ActiveState.ToString().ToLowerInvariant();
}
