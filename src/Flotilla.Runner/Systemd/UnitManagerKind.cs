namespace Flotilla.Runner.Systemd;

/// <summary>Which <see cref="IUnitManager"/> runs the units of a machine.</summary>
public enum UnitManagerKind
{
    /// <summary>The built-in supervisor: works everywhere, the default.</summary>
    Builtin,

    /// <summary>systemd through <c>systemctl</c>: only where systemd is PID 1.</summary>
    Systemd,
}
