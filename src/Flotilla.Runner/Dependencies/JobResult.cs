namespace Flotilla.Runner.Dependencies;

/// <summary>How a job of a transaction ended (systemd's job results <c>done</c>, <c>failed</c>, <c>dependency</c>).</summary>
internal enum JobResult
{
    Done,
    Failed,

    /// <summary>Not run: a job it depends on did not succeed, or the transaction was cancelled.</summary>
    Cancelled,
}
