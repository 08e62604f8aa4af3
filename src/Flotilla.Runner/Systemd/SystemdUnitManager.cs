using System.Collections.Concurrent;
using System.Globalization;
using Flotilla.Units.Names;

namespace Flotilla.Runner.Systemd;

/// <summary>
/// Runs units with systemd, through <c>systemctl</c> and <c>journalctl</c>: used only where systemd is the
/// init system (<see cref="UnitManagerSelector"/>). Unit files are written to the runner's state directory
/// and linked into systemd's runtime unit directory; systemd does the supervising, this class asks it
/// for jobs and reads back states.
/// </summary>
/// <remarks>
/// The status of every loaded unit is read after each job and every <see cref="SystemdRunnerOptions.PollInterval"/>,
/// so exits systemd saw on its own are reported through <see cref="StatusChanged"/>. Disposing the manager
/// leaves the units with systemd (running ones keep running); a new manager on the same state directory
/// adopts them.
/// </remarks>
public sealed class SystemdUnitManager : IUnitManager
{
    /// <summary>How many units one <c>systemctl show</c> of the poll names, to keep the command line bounded.</summary>
    private const int UnitsPerShow = 64;

    private readonly SystemdRunnerOptions options;
    private readonly CommandRunner commands;
    private readonly UnitFileLinks files;
    private readonly ConcurrentDictionary<string, LoadedUnit> units = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly PeriodicTimer pollTimer;
    private readonly Task pollLoop;

    public SystemdUnitManager(SystemdRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PollInterval, TimeSpan.Zero);
        this.options = options;
        commands = new CommandRunner(options.Time, options.CommandTimeout);
        files = new UnitFileLinks(options.StateDirectory, options.UnitDirectory);

        // Units a previous run loaded are still with systemd (and may be running): keep managing them.
        // Their hash is unknown, so the first load of the same unit rewrites the file and reloads.
        var adopted = files.ListWrittenUnits();
        foreach (var name in adopted)
        {
            units[name] = new LoadedUnit(name) { InPlace = true };
        }

        SystemdRunnerLog.Started(options.Logger, files.FilesDirectory, options.UnitDirectory, adopted.Count);

        // The timer starts now, not when the loop first waits: a tick of the clock right after
        // construction is not lost.
        pollTimer = new PeriodicTimer(options.PollInterval, options.Time);
        pollLoop = PollAsync(readAdoptedNow: adopted.Count > 0, stopping.Token);
    }

    public event EventHandler<UnitStatus>? StatusChanged;

    public async Task<UnitStatus> LoadAsync(UnitSource unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var name = ValidName(unit.Name);
        while (true)
        {
            var loaded = units.GetOrAdd(name, static n => new LoadedUnit(n));
            await loaded.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (loaded.Removed)
                {
                    // Unloaded while we waited: load into a fresh entry.
                    continue;
                }

                if (loaded.InPlace && loaded.Status is { } current && current.Hash == unit.Hash && files.HasFile(name))
                {
                    return current;
                }

                // systemd reads the unit text itself: text it cannot parse becomes its load state
                // (bad-setting, error) with the reason in LoadError, which the status carries. It never throws here.
                files.Write(name, unit.Text);
                loaded.InPlace = true;
                await RunSystemctlAsync(["daemon-reload"], cancellationToken).ConfigureAwait(false);

                // Only now does systemd hold this text: until the reload succeeded, the old hash stays.
                loaded.Hash = unit.Hash;
                return await ReadAndPublishAsync(loaded, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                loaded.Gate.Release();
            }
        }
    }

    public async Task UnloadAsync(string unitName, CancellationToken cancellationToken)
    {
        var name = ValidName(unitName);
        if (!units.TryGetValue(name, out var loaded))
        {
            return;
        }

        await loaded.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (loaded.Removed)
            {
                return;
            }

            if (!loaded.InPlace && !files.HasFile(name))
            {
                // A load that failed before its file was written: systemd never heard of it.
                Forget(name, loaded);
                return;
            }

            var stop = await commands.RunAsync(options.SystemctlPath, ["stop", name], cancellationToken).ConfigureAwait(false);
            if (!stop.Succeeded)
            {
                await AcceptFailedJobAsync("stop", stop, loaded, cancellationToken).ConfigureAwait(false);
            }

            // A unit that failed stays in systemd's memory (and in list-units --failed) after its file is
            // gone, until its failed state is reset. Reset may fail when the unit never loaded: that is fine.
            var reset = await commands.RunAsync(options.SystemctlPath, ["reset-failed", name], cancellationToken).ConfigureAwait(false);
            if (!reset.Succeeded)
            {
                SystemdRunnerLog.Ignored(options.Logger, reset.CommandLine, reset.ExitCode, reset.Complaint);
            }

            files.Remove(name);
            Forget(name, loaded);
            await RunSystemctlAsync(["daemon-reload"], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            loaded.Gate.Release();
        }
    }

    public Task<UnitStatus> StartAsync(string unitName, CancellationToken cancellationToken) =>
        RunJobAsync("start", unitName, cancellationToken);

    public Task<UnitStatus> StopAsync(string unitName, CancellationToken cancellationToken) =>
        RunJobAsync("stop", unitName, cancellationToken);

    public Task<UnitStatus> ReloadAsync(string unitName, CancellationToken cancellationToken) =>
        RunJobAsync("reload", unitName, cancellationToken);

    public IReadOnlyList<UnitStatus> List() =>
        units.Values.Select(static unit => unit.Status).OfType<UnitStatus>().OrderBy(static status => status.Name, StringComparer.Ordinal).ToList();

    public UnitStatus? Find(string unitName)
    {
        ArgumentNullException.ThrowIfNull(unitName);
        return units.TryGetValue(unitName, out var unit) ? unit.Status : null;
    }

    public async Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string unitName, int maxEntries, CancellationToken cancellationToken)
    {
        var name = ValidName(unitName);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEntries);
        if (maxEntries == 0)
        {
            return [];
        }

        // The journal keeps a unit's lines after it stopped or was unloaded, so no check that it is loaded.
        var result = await commands.RunAsync(
            options.JournalctlPath,
            ["-u", name, "-n", maxEntries.ToString(CultureInfo.InvariantCulture), "-o", "json", "--no-pager"],
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw result.ToException();
        }

        return JournalJsonOutput.Parse(name, result.StandardOutput);
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await pollLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The poll stops by cancellation.
        }

        // The units' gates are not disposed: a job still running may yet release its gate.
        stopping.Dispose();
        pollTimer.Dispose();
    }

    /// <summary>
    /// A name goes on systemctl's command line, so only a valid unit name is accepted, and none that
    /// starts with <c>-</c>: systemd allows that (<c>-.mount</c> is the root mount) but systemctl would
    /// read it as an option. A valid name holds no path separator either.
    /// </summary>
    private static string ValidName(string unitName)
    {
        ArgumentNullException.ThrowIfNull(unitName);
        if (UnitName.Validate(unitName) is { } error)
        {
            throw new ArgumentException($"\"{unitName}\" is not a valid unit name: {error}", nameof(unitName));
        }

        return unitName.StartsWith('-')
            ? throw new ArgumentException($"\"{unitName}\" cannot be run with systemd: a unit name starting with \"-\" would be read as an option", nameof(unitName))
            : unitName;
    }

    private void Forget(string name, LoadedUnit loaded)
    {
        loaded.Removed = true;
        units.TryRemove(new KeyValuePair<string, LoadedUnit>(name, loaded));
    }

    private async Task<UnitStatus> RunJobAsync(string verb, string unitName, CancellationToken cancellationToken)
    {
        var name = ValidName(unitName);
        if (!units.TryGetValue(name, out var loaded))
        {
            throw new UnitNotLoadedException(name);
        }

        await loaded.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (loaded.Removed || !loaded.InPlace)
            {
                throw new UnitNotLoadedException(name);
            }

            // systemctl waits for the job to finish, so the status read next is the job's outcome.
            var job = await commands.RunAsync(options.SystemctlPath, [verb, name], cancellationToken).ConfigureAwait(false);
            return job.Succeeded
                ? await ReadAndPublishAsync(loaded, cancellationToken).ConfigureAwait(false)
                : await AcceptFailedJobAsync(verb, job, loaded, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            loaded.Gate.Release();
        }
    }

    /// <summary>
    /// systemctl exited non-zero for a job: reads the unit's status to tell a job that ran and failed
    /// (an outcome, returned as the status, like the built-in runner's failed start) from systemctl
    /// refusing the job (an error, thrown with systemctl's exit code and stderr).
    /// </summary>
    /// <remarks>
    /// An outcome: the unit is now failed, or its result is not <c>success</c> (<c>exit-code</c>,
    /// <c>dependency</c>, ...), or a stop left it stopped (systemd refuses to stop an inactive unit it
    /// could not load, with "Unit ... not loaded"). An error: anything else, such as access denied or a
    /// reload of a unit that is not active; and when the status cannot be read either, the job's own error.
    /// </remarks>
    private async Task<UnitStatus> AcceptFailedJobAsync(string verb, CommandResult job, LoadedUnit unit, CancellationToken cancellationToken)
    {
        UnitStatus status;
        try
        {
            status = await ReadAndPublishAsync(unit, cancellationToken).ConfigureAwait(false);
        }
        catch (SystemdCommandException)
        {
            throw job.ToException();
        }

        var stopped = status.ActiveState is UnitActiveState.Inactive or UnitActiveState.Failed;
        if (status.ActiveState == UnitActiveState.Failed || status.Result != "success" || (verb == "stop" && stopped))
        {
            SystemdRunnerLog.JobFailed(options.Logger, job.CommandLine, job.ExitCode, job.Complaint, unit.Name, status.ActiveText, status.SubState, status.Result);
            return status;
        }

        throw job.ToException();
    }

    private async Task RunSystemctlAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await commands.RunAsync(options.SystemctlPath, arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw result.ToException();
        }
    }

    private async Task<UnitStatus> ReadAndPublishAsync(LoadedUnit unit, CancellationToken cancellationToken)
    {
        var statuses = await ReadStatusesAsync([unit], cancellationToken).ConfigureAwait(false);
        return statuses[0];
    }

    /// <summary>Reads the status of the given units with one <c>systemctl show</c>, and publishes each.</summary>
    private async Task<IReadOnlyList<UnitStatus>> ReadStatusesAsync(IReadOnlyList<LoadedUnit> batch, CancellationToken cancellationToken)
    {
        var names = batch.Select(static unit => unit.Name).ToList();
        List<string> arguments = ["show", "--property=" + SystemdShowOutput.StatusProperties, .. names];
        var result = await commands.RunAsync(options.SystemctlPath, arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw result.ToException();
        }

        IReadOnlyList<IReadOnlyDictionary<string, string>> blocks;
        try
        {
            blocks = SystemdShowOutput.ParseForUnits(result.StandardOutput, names);
        }
        catch (FormatException e)
        {
            throw new SystemdCommandException(result.CommandLine, result.ExitCode, result.Complaint, $"{result.CommandLine} printed output that could not be read: {e.Message}", e);
        }

        var now = options.Time.GetUtcNow();
        var statuses = new List<UnitStatus>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var read = SystemdStatusMapping.ToStatus(batch[i].Name, batch[i].Hash, blocks[i], now);
            statuses.Add(Publish(batch[i], read));
        }

        return statuses;
    }

    /// <summary>Keeps the read status and raises <see cref="StatusChanged"/> if it differs from the last one (its time aside).</summary>
    private UnitStatus Publish(LoadedUnit unit, UnitStatus read)
    {
        var previous = unit.Status;
        if (previous is not null && read with { Since = previous.Since } == previous)
        {
            return previous;
        }

        unit.Status = read;
        StatusChanged?.Invoke(this, read);
        return read;
    }

    private async Task PollAsync(bool readAdoptedNow, CancellationToken cancellationToken)
    {
        // Yield first so the constructor returns before any read.
        await Task.Yield();
        if (readAdoptedNow)
        {
            await PollOnceLoggedAsync(cancellationToken).ConfigureAwait(false);
        }

        while (await pollTimer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            await PollOnceLoggedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PollOnceLoggedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PollOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The poll must outlive a bad read (or a StatusChanged handler that throws): log and go on.
            SystemdRunnerLog.PollFailed(options.Logger, e, options.PollInterval);
        }
    }

    private async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        // A unit a job holds is skipped: the job reads its status itself, and reading it here as well
        // could publish an older state after the job's newer one.
        var held = new List<LoadedUnit>();
        try
        {
            foreach (var unit in units.Values.OrderBy(static u => u.Name, StringComparer.Ordinal))
            {
                if (!unit.InPlace || !unit.Gate.Wait(0, CancellationToken.None))
                {
                    continue;
                }

                if (unit.Removed)
                {
                    unit.Gate.Release();
                    continue;
                }

                held.Add(unit);
            }

            foreach (var batch in held.Chunk(UnitsPerShow))
            {
                await ReadStatusesAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var unit in held)
            {
                unit.Gate.Release();
            }
        }
    }
}
