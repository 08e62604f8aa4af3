using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary>
/// The shared shape of list-units, list-unit-files and list-machines: <c>--fields a,b</c> picks
/// columns, <c>--no-legend</c> drops the upper-case header, <c>--full</c> prints full hashes and IDs,
/// empty values print as <c>-</c>.
/// </summary>
internal abstract class ListingCommand<TRow>(CommandContext context) : ClientCommand(context)
{
    /// <summary>Column name to value; the order is the order in the usage text.</summary>
    protected abstract IReadOnlyDictionary<string, Func<TRow, bool, string>> Fields { get; }

    protected abstract string DefaultFields { get; }

    protected override IReadOnlyDictionary<string, FlagKind> Flags { get; } = new Dictionary<string, FlagKind>
    {
        ["fields"] = FlagKind.Value,
        ["no-legend"] = FlagKind.Switch,
        ["full"] = FlagKind.Switch,
        ["l"] = FlagKind.Switch,
    };

    protected override IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string> { ["l"] = "full" };

    protected sealed override async Task<int> RunAsync(CommandLine line, FlotillaApiClient client, CancellationToken cancellationToken)
    {
        if (line.Positionals.Count > 0)
        {
            return Misused($"unexpected argument \"{line.Positionals[0]}\"");
        }

        var fields = (line.Value("fields") ?? DefaultFields).Split(',', StringSplitOptions.TrimEntries);
        if (fields.All(f => f.Length == 0))
        {
            Error.WriteLine("Must define output format");
            return Failure;
        }

        foreach (var field in fields)
        {
            if (!Fields.ContainsKey(field))
            {
                Error.WriteLine($"Invalid key in output format: \"{field}\"");
                return Failure;
            }
        }

        var full = line.Has("full");
        var rows = new List<IReadOnlyList<string>>();
        if (!line.Has("no-legend"))
        {
            rows.Add(fields.Select(f => f.ToUpperInvariant()).ToList());
        }

        foreach (var item in await LoadAsync(client, cancellationToken))
        {
            rows.Add(fields.Select(f => Fields[f](item, full) is { Length: > 0 } value ? value : "-").ToList());
        }

        Output.Write(TabTable.Format(rows));
        return Success;
    }

    /// <summary>The rows to print, already in their printing order.</summary>
    protected abstract Task<IReadOnlyList<TRow>> LoadAsync(FlotillaApiClient client, CancellationToken cancellationToken);

    protected static async Task<IReadOnlyDictionary<string, FleetMachine>> MachinesByIdAsync(FlotillaApiClient client, CancellationToken cancellationToken)
    {
        var machines = await client.ListMachinesAsync(cancellationToken);
        return machines.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    protected static string ListingUsage(string verb, string summary, IEnumerable<string> fields, string defaults) => $"""
        Usage: flotilla {verb} [--fields LIST] [--no-legend] [--full]

        {summary}

        Options:
          --fields LIST   Columns to print, comma-separated, from: {string.Join(',', fields)}
                          (default {defaults})
          --no-legend     Do not print the header row
          --full, -l      Print full hashes and machine IDs instead of short forms

        """;
}
