using System.Globalization;
using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary><c>flotilla journal [--lines N] [-f] UNIT</c>: the unit's output, from whichever machine runs (or ran) it.</summary>
internal sealed class JournalCommand(CommandContext context) : ClientCommand(context)
{
    public override string Name => "journal";

    public override string Summary => "Print a unit's recent output, optionally following it";

    protected override string CommandUsage => """
        Usage: flotilla journal [--lines N] [--follow|-f] UNIT

        Prints the last N lines the unit wrote (stdout, stderr, and flotilla's own lines about it),
        fetched from the machine that runs or last ran it.

        Options:
          --lines N, -n N   How many lines (default 10)
          --follow, -f      Keep printing new lines until interrupted

        """;

    protected override IReadOnlyDictionary<string, FlagKind> Flags { get; } = new Dictionary<string, FlagKind>
    {
        ["lines"] = FlagKind.Value,
        ["follow"] = FlagKind.Switch,
    };

    protected override IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string> { ["f"] = "follow", ["n"] = "lines" };

    protected override async Task<int> RunAsync(CommandLine line, FlotillaApiClient client, CancellationToken cancellationToken)
    {
        var lines = 10;
        if (line.Value("lines") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out lines)))
        {
            return Misused($"invalid --lines \"{text}\": give a whole number");
        }

        if (line.Positionals.Count != 1)
        {
            return Misused("give exactly one unit");
        }

        var name = UnitArguments.Resolve(line.Positionals)[0].Name.Name;
        try
        {
            await foreach (var entry in client.ReadJournalAsync(name, lines, line.Has("follow"), cancellationToken))
            {
                Output.WriteLine(JournalFormat.Line(entry, TimeZoneInfo.Local));
                Output.Flush();
            }
        }
        catch (ApiException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
        {
            Error.WriteLine(e.Message);
            return Failure;
        }

        return Success;
    }
}
