namespace Flotilla.Cli.Fleetctl;

/// <summary><c>flotilla start</c>: Submit units, schedule them and start them.</summary>
internal sealed class StartCommand(CommandContext context) : ActivationCommand(context)
{
    public override string Name => "start";

    public override string Summary => "Submit units, schedule them and start them";

    protected override string TargetState => "launched";

    protected override string Verb => "start";

    protected override IReadOnlySet<string> ReplaceableStates { get; } = new HashSet<string>(StringComparer.Ordinal) { "inactive", "loaded", "launched" };

    protected override string CommandUsage => $"""
        Usage: flotilla start [--replace] [--no-block] [--block-attempts N] UNIT...

        Submit units, schedule them and start them (desired state launched). A UNIT is a file path (dir/foo.service is unit
        foo.service read from that file) or a unit name; a name without a known suffix gets .service.
        An instance (foo@1.service) with no file of its own is made from its template: the cluster's
        foo@.service, else a local foo@.service beside the argument.

        Options:
          --replace               Overwrite a unit's text when it is desired inactive or loaded or launched
        {BlockingFlags.Usage}

        """;
}
