namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>
/// One submitted unit: its name and unit text, and for a global unit the metadata a machine must have
/// to run it (null: every machine), from which the expected number of launched states follows.
/// </summary>
internal sealed record ScaleUnit(string Name, string Text, bool IsGlobal, KeyValuePair<string, string>? GlobalMetadata = null)
{
    public bool RunsOn(ScaleMachine machine) =>
        GlobalMetadata is not { } required || (machine.Metadata.TryGetValue(required.Key, out string? value) && value == required.Value);
}
