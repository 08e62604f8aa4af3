namespace Flotilla.Confd.Pipeline;

/// <summary>The global switches that change the pipeline (confd's --noop, --sync-only, --keep-stage-file).</summary>
public sealed record PipelineOptions
{
    /// <summary>Report differences, change nothing, run no commands.</summary>
    public bool Noop { get; init; }

    /// <summary>Write dest but run neither check_cmd nor reload_cmd.</summary>
    public bool SyncOnly { get; init; }

    /// <summary>Leave the stage file behind (to inspect what a failed check saw).</summary>
    public bool KeepStageFile { get; init; }
}
