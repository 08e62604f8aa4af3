namespace Flotilla.Confd.Pipeline;

/// <summary>The result of processing one resource, with the store revision it rendered and the error message when it failed.</summary>
public sealed record ProcessOutcome(ProcessResult Result, long Revision, string? Error = null)
{
    public bool Succeeded => Result is not (ProcessResult.Failed or ProcessResult.Refused);
}
