namespace Flotilla.Runner.Dependencies;

/// <summary>
/// If <paramref name="Trigger"/> does not succeed, <paramref name="Cancelled"/> is not run (systemd's job
/// result <c>dependency</c>). Every such pair is also ordered, so the cancelled job has not begun yet.
/// </summary>
internal sealed record JobCancellation(UnitJob Trigger, UnitJob Cancelled);
