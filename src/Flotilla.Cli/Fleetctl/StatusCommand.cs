using System.Globalization;
using Flotilla.Cli.Client;
using Flotilla.Units.Specifiers;

namespace Flotilla.Cli.Fleetctl;

/// <summary><c>flotilla status UNIT...</c>: state, machine, placement reason and recent output of each unit.</summary>
internal sealed class StatusCommand(CommandContext context) : ClientCommand(context)
{
    public override string Name => "status";

    public override string Summary => "Show units' state, machine, placement reason and recent output";

    protected override string CommandUsage => """
        Usage: flotilla status [--lines N] UNIT...

        For each unit: desired state, the machine it is scheduled to (or why it is not), what each
        machine reports (loaded/active/sub state, main PID when known) and its last lines of output.

        Options:
          --lines N, -n N   Lines of output to show (default 10; 0 for none)

        """;

    protected override IReadOnlyDictionary<string, FlagKind> Flags { get; } = new Dictionary<string, FlagKind> { ["lines"] = FlagKind.Value };

    protected override IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string> { ["n"] = "lines" };

    protected override async Task<int> RunAsync(CommandLine line, FlotillaApiClient client, CancellationToken cancellationToken)
    {
        var lines = 10;
        if (line.Value("lines") is { } text && !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out lines))
        {
            return Misused($"invalid --lines \"{text}\": give a whole number");
        }

        if (line.Positionals.Count == 0)
        {
            return Misused("no units given");
        }

        var machines = (await client.ListMachinesAsync(cancellationToken))
            .GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var exit = Success;
        var first = true;
        foreach (var (_, name) in UnitArguments.Resolve(line.Positionals))
        {
            var detail = await client.GetUnitDetailAsync(name.Name, cancellationToken);
            if (detail is null)
            {
                Error.WriteLine($"Unit {name.Name} does not exist.");
                exit = Failure;
                continue;
            }

            if (!first)
            {
                Output.WriteLine();
            }

            first = false;
            var unit = await client.GetUnitAsync(name.Name, cancellationToken);
            // As systemctl status shows it: with the unit's own specifiers (%i, %p...) expanded.
            var description = unit is null || UnitText.Description(UnitText.ToUnitFile(unit)) is not { } raw
                ? null
                : SpecifierExpander.ExpandFleet(raw, name);
            Output.Write(StatusReport.Format(detail, description, machines));
            if (lines > 0)
            {
                await WriteJournalAsync(client, name.Name, lines, cancellationToken);
            }
        }

        return exit;
    }

    private async Task WriteJournalAsync(FlotillaApiClient client, string unit, int lines, CancellationToken cancellationToken)
    {
        try
        {
            var header = false;
            await foreach (var entry in client.ReadJournalAsync(unit, lines, follow: false, cancellationToken))
            {
                if (!header)
                {
                    Output.WriteLine();
                    header = true;
                }

                Output.WriteLine(JournalFormat.Line(entry, TimeZoneInfo.Local));
            }
        }
        catch (ApiException)
        {
            // A unit that never ran has no journal anywhere; status still shows the rest.
        }
    }
}
