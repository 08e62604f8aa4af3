namespace Flotilla.Runner.Dependencies;

/// <summary>
/// Why a job is in the draft: <paramref name="Subject"/> pulled <paramref name="Object"/> in.
/// <paramref name="Matters"/> is false for Wants= and for the reverse side of a conflict: the subject does
/// not need the object. <paramref name="Conflicts"/> marks a stop pulled in by the subject's own Conflicts=.
/// </summary>
internal sealed record DraftLink(DraftJob Subject, DraftJob Object, bool Matters, bool Conflicts);
