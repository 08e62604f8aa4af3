namespace Flotilla.Runner;

/// <summary>Where a journal line came from.</summary>
public enum JournalSource
{
    /// <summary>The unit's standard output.</summary>
    Stdout,

    /// <summary>The unit's standard error.</summary>
    Stderr,

    /// <summary>The runner, about the unit (started, exited with status 1, killed after a timeout, ...).</summary>
    Runner,
}
