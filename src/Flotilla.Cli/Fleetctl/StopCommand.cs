using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary><c>flotilla stop</c>: desired state loaded; the unit stays scheduled to its machine.</summary>
internal sealed class StopCommand(CommandContext context) : ClientCommand(context)
{
    public override string Name => "stop";

    public override string Summary => "Stop units (they stay loaded on their machines)";

    protected override string CommandUsage => $"""
        Usage: flotilla stop [--no-block] [--block-attempts N] UNIT...

        Sets the units' desired state to loaded and waits until they report it. A unit that is not
        scheduled (current state inactive) cannot be stopped.

        Options:
        {BlockingFlags.Usage}

        """;

    protected override IReadOnlyDictionary<string, FlagKind> Flags { get; } = WithBlocking();

    internal static Dictionary<string, FlagKind> WithBlocking()
    {
        var flags = new Dictionary<string, FlagKind>();
        BlockingFlags.AddTo(flags);
        return flags;
    }

    protected override async Task<int> RunAsync(CommandLine line, FlotillaApiClient client, CancellationToken cancellationToken)
    {
        var attempts = BlockingFlags.Attempts(line, out var flagError);
        if (attempts is null)
        {
            return Misused(flagError!);
        }

        if (line.Positionals.Count == 0)
        {
            return Misused("no units given");
        }

        var units = await ExistingUnits.FetchAsync(client, line.Positionals, cancellationToken);
        var toWait = new List<string>();
        foreach (var unit in units)
        {
            var global = UnitText.IsGlobal(unit);
            if (!global && unit.CurrentState is "inactive" or null)
            {
                Error.WriteLine($"Unable to stop unit {unit.Name} in state inactive");
                return Failure;
            }

            if (unit.DesiredState != "loaded")
            {
                await client.SetDesiredStateAsync(unit.Name, "loaded", cancellationToken);
            }

            if (global)
            {
                Output.WriteLine($"Triggered global unit {unit.Name} stop");
            }
            else
            {
                toWait.Add(unit.Name);
            }
        }

        return await UnitWaits.AfterChangeAsync(client, Context, toWait, "loaded", "stop", attempts.Value, cancellationToken) ? Success : Failure;
    }
}
