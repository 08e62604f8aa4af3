using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary>
/// submit, load and start: create the units that are not in the cluster yet (from local files or
/// templates), honour <c>--replace</c> where fleet allowed it, set the desired state, then block
/// until the units report it (not for submit, never for globals).
/// </summary>
internal abstract class ActivationCommand(CommandContext context) : ClientCommand(context)
{
    /// <summary>The desired state this verb sets: inactive, loaded or launched.</summary>
    protected abstract string TargetState { get; }

    /// <summary>The word in "Triggered unit X start".</summary>
    protected abstract string Verb { get; }

    /// <summary>The desired states an existing unit may be in for <c>--replace</c> to overwrite its text.</summary>
    protected abstract IReadOnlySet<string> ReplaceableStates { get; }

    protected override IReadOnlyDictionary<string, FlagKind> Flags
    {
        get
        {
            var flags = new Dictionary<string, FlagKind> { ["replace"] = FlagKind.Switch };
            if (TargetState != "inactive")
            {
                BlockingFlags.AddTo(flags);
            }

            return flags;
        }
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

        var units = UnitArguments.Resolve(line.Positionals);
        if (TargetState != "inactive" && units.FirstOrDefault(u => u.Name.IsTemplate) is { Name: { } template })
        {
            Error.WriteLine($"cannot activate template \"{template.Name}\"");
            return Failure;
        }

        var replace = line.Has("replace");
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (argument, name) in units)
        {
            var existing = await client.GetUnitAsync(name.Name, cancellationToken);
            if (existing is null)
            {
                var file = await LocalUnitFiles.ResolveNewAsync(argument, name, client, cancellationToken);
                await client.PutUnitAsync(new FleetUnit { Name = name.Name, Options = UnitText.ToOptions(file), DesiredState = TargetState }, cancellationToken);
                created.Add(name.Name);
                continue;
            }

            var local = LocalUnitFiles.TryRead(argument, name.Name);
            var differs = local is not null && local.Hash != UnitText.ToUnitFile(existing).Hash;
            if (!replace)
            {
                if (differs)
                {
                    Error.WriteLine($"WARNING: Unit {name.Name} in registry differs from local unit file {argument}. Add --replace to override.");
                }

                continue;
            }

            if (!ReplaceableStates.Contains(existing.DesiredState ?? ""))
            {
                Error.WriteLine($"Warning: can not replace Unit({name.Name}) in state '{existing.DesiredState}', use the appropriate command");
                continue;
            }

            if (differs)
            {
                await client.PutUnitAsync(existing with { Options = UnitText.ToOptions(local!), CurrentState = null, MachineId = null }, cancellationToken);
            }
        }

        if (TargetState == "inactive")
        {
            return Success;
        }

        var toWait = new List<string>();
        foreach (var (_, name) in units)
        {
            var unit = await client.GetUnitAsync(name.Name, cancellationToken)
                ?? throw new CommandFailedException($"Unit {name.Name} does not exist.");
            if (!created.Contains(name.Name) && unit.DesiredState != TargetState)
            {
                await client.SetDesiredStateAsync(name.Name, TargetState, cancellationToken);
            }

            if (UnitText.IsGlobal(unit))
            {
                Output.WriteLine($"Triggered global unit {name.Name} {Verb}");
            }
            else
            {
                toWait.Add(name.Name);
            }
        }

        return await UnitWaits.AfterChangeAsync(client, Context, toWait, TargetState, Verb, attempts.Value, cancellationToken) ? Success : Failure;
    }
}
