namespace Flotilla.Runner.Systemd;

/// <summary>What the runner remembers of one unit it gave systemd: its hash, last status, and the gate its jobs pass one at a time.</summary>
internal sealed class LoadedUnit(string name)
{
    public string Name { get; } = name;

    /// <summary>Jobs on one unit run one at a time; the poll only reads a unit no job holds.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The hash of the text last written; empty for a unit adopted from an earlier run.</summary>
    public string Hash { get; set; } = string.Empty;

    /// <summary>Set once the unit file is in place (loaded now, or adopted): only then does the poll read it.</summary>
    public bool InPlace { get; set; }

    /// <summary>Set by unload: a job that waited on the gate finds the unit gone.</summary>
    public bool Removed { get; set; }

    public UnitStatus? Status { get; set; }
}
