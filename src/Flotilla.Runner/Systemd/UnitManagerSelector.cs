namespace Flotilla.Runner.Systemd;

/// <summary>Decides which unit runner a machine uses, from what was asked and whether systemd is running.</summary>
public static class UnitManagerSelector
{
    /// <summary>The directory systemd creates when it runs as the init system (see sd_booted(3)).</summary>
    public const string SystemdRunningMarker = "/run/systemd/system";

    /// <summary>
    /// <c>builtin</c> (or nothing asked): the built-in supervisor. <c>systemd</c>: systemd, which must be
    /// running. <c>auto</c>: systemd when it is running, else the built-in supervisor. Case-insensitive.
    /// </summary>
    /// <param name="requested">builtin, systemd, auto, or null/empty for the default (builtin).</param>
    /// <param name="systemdRunning">Whether <see cref="SystemdRunningMarker"/> exists; the caller checks, so this stays pure.</param>
    /// <exception cref="ArgumentException">An unknown value, or systemd asked for where it is not running.</exception>
    public static UnitManagerKind Select(string? requested, bool systemdRunning)
    {
        // The built-in supervisor is the default everywhere (IUnitManager's contract): a machine only
        // moves to systemd when someone asks for it, by name or with "auto".
        if (string.IsNullOrWhiteSpace(requested))
        {
            return UnitManagerKind.Builtin;
        }

        return requested.Trim().ToLowerInvariant() switch
        {
            "builtin" => UnitManagerKind.Builtin,
            "auto" => systemdRunning ? UnitManagerKind.Systemd : UnitManagerKind.Builtin,
            "systemd" when systemdRunning => UnitManagerKind.Systemd,
            "systemd" => throw new ArgumentException(
                $"the systemd unit runner was asked for, but systemd is not running on this machine ({SystemdRunningMarker} does not exist); use builtin or auto",
                nameof(requested)),
            _ => throw new ArgumentException(
                $"unknown unit runner \"{requested}\": expected builtin, systemd or auto",
                nameof(requested)),
        };
    }
}
