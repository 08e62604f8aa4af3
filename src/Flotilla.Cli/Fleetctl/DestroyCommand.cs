using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary><c>flotilla destroy</c>: removes units from the cluster entirely (stopping them first where they run).</summary>
internal sealed class DestroyCommand(CommandContext context) : ClientCommand(context)
{
    public override string Name => "destroy";

    public override string Summary => "Remove units from the cluster (stopping them where they run)";

    protected override string CommandUsage => $"""
        Usage: flotilla destroy [--no-block] [--block-attempts N] UNIT...

        Deletes the units from the cluster and prints 'Destroyed UNIT' for each; unless --no-block,
        then waits until no machine reports them any more.

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

        var exit = Success;
        var toWait = new List<string>();
        foreach (var (_, name) in UnitArguments.Resolve(line.Positionals))
        {
            var unit = await client.GetUnitAsync(name.Name, cancellationToken);
            if (unit is null || !await client.DeleteUnitAsync(name.Name, cancellationToken))
            {
                Error.WriteLine($"Unit {name.Name} does not exist.");
                exit = Failure;
                continue;
            }

            Output.WriteLine($"Destroyed {name.Name}");
            if (!UnitText.IsGlobal(unit))
            {
                toWait.Add(name.Name);
            }
        }

        if (attempts != BlockingFlags.NoBlock && toWait.Count > 0
            && !await new StateWaiter(client, Context).WaitForGoneAsync(toWait, attempts.Value, cancellationToken))
        {
            exit = Failure;
        }

        return exit;
    }
}
