using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary><c>flotilla list-units</c>: what each machine reports for the units it runs.</summary>
internal sealed class ListUnitsCommand(CommandContext context) : ListingCommand<UnitStateRow>(context)
{
    public override string Name => "list-units";

    public override string Summary => "List the units' current states on the machines running them";

    protected override string CommandUsage => ListingUsage(Name, "Lists each unit's state as reported by the machine it runs on, sorted by unit.", Fields.Keys, DefaultFields);

    protected override string DefaultFields => "unit,machine,active,sub";

    protected override IReadOnlyDictionary<string, Func<UnitStateRow, bool, string>> Fields { get; } = new Dictionary<string, Func<UnitStateRow, bool, string>>
    {
        ["unit"] = (r, _) => r.State.Name,
        ["load"] = (r, _) => r.State.SystemdLoadState ?? "",
        ["active"] = (r, _) => r.State.SystemdActiveState ?? "",
        ["sub"] = (r, _) => r.State.SystemdSubState ?? "",
        ["machine"] = (r, full) => MachineLegend.WithIp(r.State.MachineId, r.Machines, full),
        ["hash"] = (r, full) => r.State.Hash is { Length: > 7 } hash && !full ? hash[..7] : r.State.Hash ?? "",
    };

    protected override async Task<IReadOnlyList<UnitStateRow>> LoadAsync(FlotillaApiClient client, CancellationToken cancellationToken)
    {
        // Both requests at once: the listing waits for one round trip, not two.
        var machinesTask = MachinesByIdAsync(client, cancellationToken);
        var states = await client.ListStatesAsync(null, cancellationToken);
        var machines = await machinesTask;
        return states
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ThenBy(s => s.MachineId, StringComparer.Ordinal)
            .Select(s => new UnitStateRow(s, machines))
            .ToList();
    }
}
