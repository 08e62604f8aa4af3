using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary><c>flotilla list-machines</c>: the machines present in the cluster.</summary>
internal sealed class ListMachinesCommand(CommandContext context) : ListingCommand<FleetMachine>(context)
{
    public override string Name => "list-machines";

    public override string Summary => "List the machines in the cluster";

    protected override string CommandUsage => ListingUsage(Name, "Lists the machines present in the cluster with their IP and metadata, sorted by ID.", Fields.Keys, DefaultFields);

    protected override string DefaultFields => "machine,ip,metadata";

    protected override IReadOnlyDictionary<string, Func<FleetMachine, bool, string>> Fields { get; } = new Dictionary<string, Func<FleetMachine, bool, string>>
    {
        ["machine"] = (m, full) => MachineLegend.Id(m.Id, full),
        ["ip"] = (m, _) => m.PrimaryIp ?? "",
        ["metadata"] = (m, _) => string.Join(',', (m.Metadata ?? new Dictionary<string, string>()).Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal)),
    };

    protected override async Task<IReadOnlyList<FleetMachine>> LoadAsync(FlotillaApiClient client, CancellationToken cancellationToken) =>
        (await client.ListMachinesAsync(cancellationToken)).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
}
