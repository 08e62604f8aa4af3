using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary><c>flotilla unload</c>: desired state inactive; the unit is unscheduled but stays in the cluster.</summary>
internal sealed class UnloadCommand(CommandContext context) : ClientCommand(context)
{
    public override string Name => "unload";

    public override string Summary => "Unschedule units from their machines (they stay submitted)";

    protected override string CommandUsage => $"""
        Usage: flotilla unload [--no-block] [--block-attempts N] UNIT...

        Sets the units' desired state to inactive and waits until they report it.

        Options:
        {BlockingFlags.Usage}

        """;

    protected override IReadOnlyDictionary<string, FlagKind> Flags { get; } = StopCommand.WithBlocking();

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

        var toWait = new List<string>();
        foreach (var unit in await ExistingUnits.FetchAsync(client, line.Positionals, cancellationToken))
        {
            if (unit.DesiredState != "inactive")
            {
                await client.SetDesiredStateAsync(unit.Name, "inactive", cancellationToken);
            }

            if (UnitText.IsGlobal(unit))
            {
                Output.WriteLine($"Triggered global unit {unit.Name} unload");
            }
            else
            {
                toWait.Add(unit.Name);
            }
        }

        return await UnitWaits.AfterChangeAsync(client, Context, toWait, "inactive", "unload", attempts.Value, cancellationToken) ? Success : Failure;
    }
}
