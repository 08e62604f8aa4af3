namespace Flotilla.Runner.Dependencies;

/// <summary>
/// Runs a transaction against a runner: every job whose predecessors have finished runs at once (jobs
/// without an ordering between them run concurrently), and a job that does not succeed cancels the jobs
/// that depend on it before they begin, and transitively what depends on those.
/// </summary>
internal sealed class TransactionExecutor(IUnitJobTarget target)
{
    private const string TransactionCancelled = "transaction cancelled";

    private readonly IUnitJobTarget _target = target ?? throw new ArgumentNullException(nameof(target));

    /// <summary>
    /// Raised as each job ends, cancelled ones included, in the order of <see cref="TransactionOutcome.Jobs"/>:
    /// so the runner can report a cancelled unit (result <c>dependency</c>) while the rest still runs.
    /// </summary>
    public event EventHandler<JobOutcome>? JobFinished;

    /// <summary>
    /// Runs every job and returns how each ended. When <paramref name="cancellationToken"/> fires, jobs
    /// not begun are cancelled, running ones are asked to stop through the token, and once they have
    /// returned an <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    public async Task<TransactionOutcome> RunAsync(Transaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var waitingFor = transaction.Jobs.ToDictionary(job => job, job => transaction.WaitsFor(job).Count);
        var successors = transaction.Orderings.ToLookup(ordering => ordering.First, ordering => ordering.Then);
        var cancels = transaction.Cancellations.ToLookup(cancellation => cancellation.Trigger, cancellation => cancellation.Cancelled);
        var outcomes = new List<JobOutcome>();
        var finished = new HashSet<UnitJob>();
        var ready = new Queue<UnitJob>(transaction.Jobs.Where(job => waitingFor[job] == 0));
        var running = new Dictionary<Task<JobOutcome>, UnitJob>();

        void Finish(JobOutcome outcome)
        {
            if (!finished.Add(outcome.Job))
            {
                return;
            }

            outcomes.Add(outcome);
            JobFinished?.Invoke(this, outcome);
            if (outcome.Result != JobResult.Done)
            {
                // A job cut short by the caller's cancellation is no failure of the unit: say so further on too.
                var reason = cancellationToken.IsCancellationRequested
                    ? TransactionCancelled
                    : $"dependency failed: {outcome.Job.Unit}";
                foreach (var dependent in cancels[outcome.Job])
                {
                    Finish(new JobOutcome(dependent, JobResult.Cancelled, reason, null));
                }
            }

            foreach (var successor in successors[outcome.Job])
            {
                if (--waitingFor[successor] == 0 && !finished.Contains(successor))
                {
                    ready.Enqueue(successor);
                }
            }
        }

        while (true)
        {
            while (ready.TryDequeue(out var job))
            {
                if (finished.Contains(job))
                {
                    continue;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    Finish(new JobOutcome(job, JobResult.Cancelled, TransactionCancelled, null));
                    continue;
                }

                running.Add(RunJobAsync(job, cancellationToken), job);
            }

            if (running.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            running.Remove(done);
            Finish(await done.ConfigureAwait(false));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new TransactionOutcome(outcomes);
    }

    private async Task<JobOutcome> RunJobAsync(UnitJob job, CancellationToken cancellationToken)
    {
        // Yield first, so that a target which completes synchronously still lets the other ready jobs begin.
        await Task.Yield();
        try
        {
            return job.Type switch
            {
                JobType.Start => Started(job, await _target.StartOneAsync(job.Unit, cancellationToken).ConfigureAwait(false)),
                JobType.Stop => Stopped(job, await _target.StopOneAsync(job.Unit, cancellationToken).ConfigureAwait(false)),
                _ => VerifiedActive(job, _target.Find(job.Unit)),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new JobOutcome(job, JobResult.Cancelled, TransactionCancelled, _target.Find(job.Unit));
        }
#pragma warning disable CA1031 // A runner's failure to run one job must fail that job, not the other jobs of the transaction.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return new JobOutcome(job, JobResult.Failed, exception.Message, _target.Find(job.Unit));
        }
    }

    // As systemd: a start is done when the unit came up, or went inactive again without failing (a
    // oneshot, a skipped condition); only the failed state fails it.
    private static JobOutcome Started(UnitJob job, UnitStatus status) =>
        status.ActiveState == UnitActiveState.Failed
            ? new JobOutcome(job, JobResult.Failed, FailureReason(status), status)
            : new JobOutcome(job, JobResult.Done, null, status);

    // A unit that failed while stopping is down all the same: the stop is done.
    private static JobOutcome Stopped(UnitJob job, UnitStatus status) =>
        status.ActiveState is UnitActiveState.Inactive or UnitActiveState.Failed
            ? new JobOutcome(job, JobResult.Done, null, status)
            : new JobOutcome(job, JobResult.Failed, $"{job.Unit} is still {status.ActiveText} after stop", status);

    private static JobOutcome VerifiedActive(UnitJob job, UnitStatus? status) =>
        status is { ActiveState: UnitActiveState.Active or UnitActiveState.Reloading }
            ? new JobOutcome(job, JobResult.Done, null, status)
            : new JobOutcome(job, JobResult.Failed, $"{job.Unit} is not active", status);

    private static string FailureReason(UnitStatus status) =>
        status.StatusText ?? $"{status.Name} failed (result {status.Result})";
}
