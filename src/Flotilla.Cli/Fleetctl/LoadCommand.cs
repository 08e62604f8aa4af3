namespace Flotilla.Cli.Fleetctl;

/// <summary><c>flotilla load</c>: Submit units and schedule them to machines, without starting them.</summary>
internal sealed class LoadCommand(CommandContext context) : ActivationCommand(context)
{
    public override string Name => "load";

    public override string Summary => "Submit units and schedule them to machines, without starting them";

    protected override string TargetState => "loaded";

    protected override string Verb => "load";

    protected override IReadOnlySet<string> ReplaceableStates { get; } = new HashSet<string>(StringComparer.Ordinal) { "inactive", "loaded" };

    protected override string CommandUsage => $"""
        Usage: flotilla load [--replace] [--no-block] [--block-attempts N] UNIT...

        Submit units and schedule them to machines, without starting them (desired state loaded). A UNIT is a file path (dir/foo.service is unit
        foo.service read from that file) or a unit name; a name without a known suffix gets .service.
        An instance (foo@1.service) with no file of its own is made from its template: the cluster's
        foo@.service, else a local foo@.service beside the argument.

        Options:
          --replace               Overwrite a unit's text when it is desired inactive or loaded
        {BlockingFlags.Usage}

        """;
}
