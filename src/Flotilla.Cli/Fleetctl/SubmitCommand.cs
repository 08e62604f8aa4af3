namespace Flotilla.Cli.Fleetctl;

/// <summary><c>flotilla submit</c>: Submit units to the cluster without scheduling them.</summary>
internal sealed class SubmitCommand(CommandContext context) : ActivationCommand(context)
{
    public override string Name => "submit";

    public override string Summary => "Submit units to the cluster without scheduling them";

    protected override string TargetState => "inactive";

    protected override string Verb => "submit";

    protected override IReadOnlySet<string> ReplaceableStates { get; } = new HashSet<string>(StringComparer.Ordinal) { "inactive" };

    protected override string CommandUsage => $"""
        Usage: flotilla submit [--replace] UNIT...

        Submit units to the cluster without scheduling them (desired state inactive). A UNIT is a file path (dir/foo.service is unit
        foo.service read from that file) or a unit name; a name without a known suffix gets .service.
        An instance (foo@1.service) with no file of its own is made from its template: the cluster's
        foo@.service, else a local foo@.service beside the argument.

        Options:
          --replace               Overwrite a unit's text when it is still desired inactive

        """;
}
