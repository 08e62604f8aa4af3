using System.Globalization;
using System.Text;
using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary>
/// The systemctl-status-like block of <c>flotilla status</c>, from a unit's detail: desired state,
/// machine, placement reason, each machine's load/active/sub state, main PID when known, hash.
/// Pure formatting, so it is tested without an agent.
/// </summary>
internal static class StatusReport
{
    public static string Format(UnitDetail unit, string? description, IReadOnlyDictionary<string, FleetMachine> machines)
    {
        var text = new StringBuilder();
        text.Append("● ").Append(unit.Name);
        if (!string.IsNullOrEmpty(description))
        {
            text.Append(" - ").Append(description);
        }

        text.Append('\n');
        Field(text, "Desired", unit.DesiredState ?? "-");
        Field(text, "Machine", unit.Global ? "global" : MachineLegend.WithIp(unit.MachineId, machines, full: false));
        if (!string.IsNullOrEmpty(unit.Reason))
        {
            Field(text, "Reason", unit.Reason);
        }

        var states = unit.States ?? [];
        if (states.Count == 0)
        {
            Field(text, "Active", "inactive (no machine reports it)");
        }

        foreach (var state in states)
        {
            var where = states.Count > 1 || unit.Global ? $" on {MachineLegend.WithIp(state.MachineId, machines, full: false)}" : "";
            Field(text, "Loaded", (state.Load ?? "-") + where);
            var since = state.UpdatedAt is { } at ? $" since {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC" : "";
            Field(text, "Active", $"{state.Active ?? "-"} ({state.Sub ?? "-"}){since}{where}");
            if (state.MainPid is { } pid)
            {
                Field(text, "Main PID", pid.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (!string.IsNullOrEmpty(unit.Hash))
        {
            Field(text, "Hash", unit.Hash.Length > 7 ? unit.Hash[..7] : unit.Hash);
        }

        return text.ToString();
    }

    private static void Field(StringBuilder text, string label, string value) =>
        text.Append(label.PadLeft(10)).Append(": ").Append(value).Append('\n');
}
