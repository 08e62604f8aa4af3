using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary><c>flotilla cat UNIT</c>: the unit's text as the cluster holds it (normalized).</summary>
internal sealed class CatCommand(CommandContext context) : ClientCommand(context)
{
    public override string Name => "cat";

    public override string Summary => "Print a unit's text as stored in the cluster";

    protected override string CommandUsage => """
        Usage: flotilla cat UNIT

        Prints the unit's normalized text: sections in order, one Name=Value per line, no comments.

        """;

    protected override async Task<int> RunAsync(CommandLine line, FlotillaApiClient client, CancellationToken cancellationToken)
    {
        if (line.Positionals.Count != 1)
        {
            return Misused("give exactly one unit");
        }

        var unit = (await ExistingUnits.FetchAsync(client, line.Positionals, cancellationToken))[0];
        Output.Write(UnitText.ToUnitFile(unit).NormalizedText);
        return Success;
    }
}
