namespace Flotilla.Runner.Dependencies;

/// <summary>What a job of a transaction does to its unit (a restart is planned as a stop, then a start).</summary>
internal enum JobType
{
    Start,
    Stop,

    /// <summary>Requisite=: the unit must already be active; nothing is started.</summary>
    VerifyActive,
}
