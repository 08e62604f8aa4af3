using Flotilla.Runner.Journal;
using Flotilla.Units.Services;

namespace Flotilla.Runner.Supervision;

/// <summary>What the dependency transactions of the unit manager need to know about, and say on, one unit.</summary>
internal sealed partial class UnitSupervisor
{
    /// <summary>The dependencies the unit's current file declares (none when the file could not be read).</summary>
    public UnitDependencies Dependencies
    {
        get
        {
            lock (_gate)
            {
                return _definition?.Dependencies ?? UnitDependencies.None;
            }
        }
    }

    /// <summary>Writes a line of the dependency machinery (a planner note, a reaction) to the unit's journal.</summary>
    public void Note(string text) => _journal.Write(JournalSource.Runner, text);

    /// <summary>
    /// A start job of this unit was never run because a job it depends on did not succeed. As in systemd the
    /// unit keeps its state (it was not started, so it did not fail); a unit that is down shows the job
    /// result <c>dependency</c>, and the journal says so in systemd's words.
    /// </summary>
    public void ReportDependencyFailed(string jobType, string reason)
    {
        string message;
        lock (_gate)
        {
            message = $"Dependency failed for {_definition?.Description ?? Name}.";
            if (_run is null && _active == UnitActiveState.Inactive)
            {
                _result = ServiceResult.Dependency;
            }
        }

        _journal.Write(JournalSource.Runner, message);
        _journal.Write(JournalSource.Runner, $"Job {Name}/{jobType} failed with result 'dependency' ({reason}).");
        SetStatusText(message);
    }

    /// <summary>A request for this unit was refused as a whole: nothing ran, the unit stays as it was.</summary>
    public void ReportRefused(string journalLine, string reason)
    {
        _journal.Write(JournalSource.Runner, journalLine);
        SetStatusText(reason);
    }
}
