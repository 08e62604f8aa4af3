namespace Flotilla.Runner.Dependencies;

/// <summary>A unit to stop because a unit it has BindsTo= on is down: systemd's "bound to inactive unit".</summary>
internal sealed record BoundUnitStop(string Unit, string InactiveUnit)
{
    public JobRequest Request => JobRequest.Stop(Unit);
}
