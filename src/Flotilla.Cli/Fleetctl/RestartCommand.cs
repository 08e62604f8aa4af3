using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary>
/// <c>flotilla restart</c>: a rolling restart, one unit at a time: stop it, wait until it is loaded,
/// start it, wait until it is launched, then the next. The first unit that does not come back stops
/// the roll, so a bad release does not take down every instance.
/// </summary>
internal sealed class RestartCommand(CommandContext context) : ClientCommand(context)
{
    public override string Name => "restart";

    public override string Summary => "Restart units one at a time, waiting for each to be running again";

    protected override string CommandUsage => """
        Usage: flotilla restart [--block-attempts N] UNIT...

        Restarts the units one after another: each is stopped, then started, and the next waits until
        it reports launched. Stops at the first unit that does not come back. Global units are stopped
        and started without waiting.

        Options:
          --block-attempts N      Wait up to N attempts of 2 s each per step; 0 waits for ever (default 0)

        """;

    protected override IReadOnlyDictionary<string, FlagKind> Flags { get; } = new Dictionary<string, FlagKind> { ["block-attempts"] = FlagKind.Value };

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
        var waiter = new StateWaiter(client, Context);
        foreach (var unit in units)
        {
            if (unit.DesiredState != "launched")
            {
                Error.WriteLine($"Unit {unit.Name} is not started (desired state {unit.DesiredState}); use start");
                return Failure;
            }

            await client.SetDesiredStateAsync(unit.Name, "loaded", cancellationToken);
            var global = UnitText.IsGlobal(unit);
            if (!global && !await waiter.WaitForStateAsync([unit.Name], "loaded", attempts.Value, cancellationToken))
            {
                return Failure;
            }

            await client.SetDesiredStateAsync(unit.Name, "launched", cancellationToken);
            if (global)
            {
                Output.WriteLine($"Triggered global unit {unit.Name} restart");
                continue;
            }

            if (!await waiter.WaitForStateAsync([unit.Name], "launched", attempts.Value, cancellationToken))
            {
                return Failure;
            }
        }

        return Success;
    }
}
