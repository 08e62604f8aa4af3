namespace Flotilla.Cli.Fleetctl;

/// <summary>Whether a command-line flag stands alone or takes a value.</summary>
internal enum FlagKind
{
    Switch,
    Value,
}
