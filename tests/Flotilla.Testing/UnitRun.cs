namespace Flotilla.Testing;

/// <summary>One run of a unit on one machine, as its heartbeat file shows it.</summary>
public sealed record UnitRun(string Unit, string Machine, DateTimeOffset FirstSeen, DateTimeOffset LastSeen)
{
    public override string ToString() => $"{Unit} on {Machine} {FirstSeen:HH:mm:ss.fff}-{LastSeen:HH:mm:ss.fff}";
}
