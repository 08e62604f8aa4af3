using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary><c>flotilla list-unit-files</c>: the units in the registry with desired and current state and placement.</summary>
internal sealed class ListUnitFilesCommand(CommandContext context) : ListingCommand<UnitFileRow>(context)
{
    public override string Name => "list-unit-files";

    public override string Summary => "List the units in the cluster with desired state, state and target machine";

    protected override string CommandUsage => ListingUsage(Name, "Lists every unit submitted to the cluster, sorted by name. Global units show target \"global\".", Fields.Keys, DefaultFields);

    protected override string DefaultFields => "unit,hash,dstate,state,target";

    protected override IReadOnlyDictionary<string, Func<UnitFileRow, bool, string>> Fields { get; } = new Dictionary<string, Func<UnitFileRow, bool, string>>
    {
        ["unit"] = (r, _) => r.Unit.Name,
        ["global"] = (r, _) => r.Global ? "true" : "false",
        ["dstate"] = (r, _) => r.Unit.DesiredState ?? "",
        // A global unit has no single current state; fleet printed "-".
        ["state"] = (r, _) => r.Global ? "" : r.Unit.CurrentState ?? "",
        ["target"] = (r, full) => r.Global ? "global" : MachineLegend.WithIp(r.Unit.MachineId, r.Machines, full),
        ["hash"] = (r, full) => full ? r.Hash : r.Hash[..7],
        ["desc"] = (r, _) => r.Description ?? "",
    };

    protected override async Task<IReadOnlyList<UnitFileRow>> LoadAsync(FlotillaApiClient client, CancellationToken cancellationToken)
    {
        // Both requests at once: the listing waits for one round trip, not two.
        var machinesTask = MachinesByIdAsync(client, cancellationToken);
        var units = await client.ListUnitsAsync(cancellationToken);
        var machines = await machinesTask;
        return units
            .OrderBy(u => u.Name, StringComparer.Ordinal)
            .Select(u =>
            {
                var file = UnitText.ToUnitFile(u);
                return new UnitFileRow(u, file.Hash, UnitText.IsGlobal(file, u.Name), UnitText.Description(file), machines);
            })
            .ToList();
    }
}
