using System.Diagnostics;
using System.Globalization;
using Flotilla.Agent.Running;
using Flotilla.Benchmarks.RegistryThroughput;
using Flotilla.Engine.Leading;
using Flotilla.Registry;
using Flotilla.Registry.Etcd;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Transactions;
using Flotilla.Units.Syntax;

namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>
/// A whole cluster in one process against a real etcd: N real <see cref="MachineAgent"/>s, each with a
/// process-less <see cref="RecordingUnitManager"/> and its own request counter over a few shared etcd
/// clients, and one <see cref="ClusterEngine"/> on a <see cref="DedicatedThread"/>. U units in a fleet-like
/// mix (<see cref="ScaleWorkload"/>) are submitted in transactions of 100, desired state launched; the run
/// reports how long until every unit was placed and every expected state was active, what each agent asked
/// of the registry meanwhile, the engine's CPU and allocations, and the size of etcd's database.
/// </summary>
internal static class ClusterScaleRun
{
    private const int SubmitBatch = 100;

    /// <summary>Runs with the given command line, printing the table to <paramref name="output"/>; 0 when everything launched, 1 when the guard expired, 2 for a bad command line.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        ClusterScaleOptions options;
        try
        {
            options = ClusterScaleOptions.Parse(arguments);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"cluster-scale: {error.Message}");
            return 2;
        }

        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // shut down in order, so etcd and its data go too
            interrupted.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            using BenchEtcd etcd = await BenchEtcd.StartAsync(interrupted.Token);
            return await RunAsync(options, etcd, output, interrupted.Token);
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            Console.Error.WriteLine("cluster-scale: interrupted");
            return 130;
        }
        catch (Exception error) when (error is TimeoutException or Registry.Errors.RegistryException)
        {
            Console.Error.WriteLine($"cluster-scale: {error.Message}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> RunAsync(ClusterScaleOptions options, BenchEtcd etcd, TextWriter output, CancellationToken cancellationToken)
    {
        var workload = ScaleWorkload.Create(options.Machines, options.Units);
        var layout = RegistryLayout.Default;
        output.WriteLine($"cluster-scale: {options.Machines} machines x {options.Units} units ({workload.ExpectedStates} states expected), etcd at {etcd.ClientUrl}, {options.Clients} shared clients, guard {options.MaxSeconds} s");

        EtcdRegistry[] shared = [.. Enumerable.Range(0, Math.Min(options.Clients, options.Machines)).Select(_ => Connect(etcd))];
        await using EtcdRegistry submitter = Connect(etcd);
        await using EtcdRegistry watcher = Connect(etcd);
        await using EtcdRegistry engineClient = Connect(etcd);
        var tally = new RunnerTally();
        var agentCounts = new RequestCounts[options.Machines];
        var engineCounts = new RequestCounts();
        var problems = new ProblemLogger();
        using var stopAgents = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopEngine = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var engineThread = new DedicatedThread("cluster-scale engine");
        var agents = new List<Task>(options.Machines);
        var machineAgents = new List<MachineAgent>(options.Machines);
        Task engine = Task.CompletedTask;
        TimeSpan guard = TimeSpan.FromSeconds(options.MaxSeconds);
        try
        {
            // Agents first: they register their machines, read the (empty) units and watch.
            var startup = Stopwatch.StartNew();
            for (int m = 0; m < options.Machines; m++)
            {
                agentCounts[m] = new RequestCounts();
                ScaleMachine machine = workload.Machines[m];
                var agent = new MachineAgent(
                    new CountingRegistry(shared[m % shared.Length], agentCounts[m]),
                    new RecordingUnitManager(TimeProvider.System, tally),
                    new AgentOptions
                    {
                        MachineId = machine.Id,
                        PublicIp = "127.0.0.1",
                        Metadata = machine.Metadata,
                        Layout = layout,
                        AgentTtl = TimeSpan.FromSeconds(options.AgentTtlSeconds),
                        ShutdownTimeout = TimeSpan.FromSeconds(30),
                        Logger = problems,
                    });
                machineAgents.Add(agent);
                agents.Add(Task.Run(() => agent.RunAsync(stopAgents.Token), CancellationToken.None));
            }

            // Counted in memory first: thousands of agents are not to be swamped by a harness ranging over
            // all their machine keys ten times a second. One read then confirms they are all registered.
            await WaitUntilAsync(() => Task.FromResult(machineAgents.All(a => a.LeaseId != 0)), guard, "the agents did not all get a lease", cancellationToken);
            await WaitUntilAsync(() => RegisteredAsync(submitter, layout, options.Machines, cancellationToken), guard, "the agents did not all register", cancellationToken);
            TimeSpan agentsUp = startup.Elapsed;
            Console.Error.WriteLine($"  {options.Machines} agents up in {agentsUp.TotalSeconds:F1} s");

            var clusterEngine = new ClusterEngine(new CountingRegistry(engineClient, engineCounts), new EngineOptions { Layout = layout, CandidateName = "cluster-scale", Logger = problems });
            engine = engineThread.Run(() => clusterEngine.RunAsync(stopEngine.Token));
            await WaitUntilAsync(() => Task.FromResult(clusterEngine.IsLeading), guard, "the engine did not lead", cancellationToken);

            // The measured phase starts here: everything before it was start-up.
            RequestSnapshot[] agentBaseline = [.. agentCounts.Select(c => c.Snapshot())];
            RequestSnapshot engineBaseline = engineCounts.Snapshot();
            TimeSpan processCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            TimeSpan etcdCpuBefore = etcd.ProcessorTime;
            TimeSpan engineCpuBefore = await engineThread.CpuTimeAsync();
            long engineAllocatedBefore = await engineThread.Read(() => GC.GetAllocatedBytesForCurrentThread());
            long processAllocatedBefore = GC.GetTotalAllocatedBytes();

            var clock = new Stopwatch();
            var tracker = new LaunchTracker(layout, workload, clock);
            long revision = await submitter.GetRevisionAsync(cancellationToken);

            // The guard runs from the first submit and covers submitting too: a registry swamped by watch
            // traffic can make submitting alone take longer than the guard.
            using var guardExpired = new CancellationTokenSource(guard);
            using var measuring = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, guardExpired.Token);
            clock.Start();
            Task tracking = tracker.RunAsync(watcher, revision + 1, measuring.Token);
            Task progress = ProgressAsync(tracker, workload, clock, measuring.Token);
            var submission = new SubmissionProgress();
            try
            {
                await SubmitAsync(submitter, layout, workload, submission, measuring.Token);
                submission.Finished(clock.Elapsed);
                await tracking;
            }
            catch (OperationCanceledException) when (guardExpired.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The guard expired: report what was reached.
            }
            catch (Registry.Errors.RegistryException error) when (!cancellationToken.IsCancellationRequested)
            {
                // etcd overloaded (a submit timed out): that is a result too; report what was reached.
                submission.Failed(error.Message);
            }

            TimeSpan ended = clock.Elapsed;
            await measuring.CancelAsync();
            await Quietly(tracking);
            await Quietly(progress);
            cancellationToken.ThrowIfCancellationRequested();

            TimeSpan processCpu = Process.GetCurrentProcess().TotalProcessorTime - processCpuBefore;
            TimeSpan etcdCpu = etcd.ProcessorTime - etcdCpuBefore;
            TimeSpan engineCpu = await engineThread.CpuTimeAsync() - engineCpuBefore;
            long engineAllocated = await engineThread.Read(() => GC.GetAllocatedBytesForCurrentThread()) - engineAllocatedBefore;
            long processAllocated = GC.GetTotalAllocatedBytes() - processAllocatedBefore;
            RequestSnapshot[] perAgent = [.. agentCounts.Select((c, i) => c.Snapshot().Since(agentBaseline[i]))];
            RequestSnapshot engineRequests = engineCounts.Snapshot().Since(engineBaseline);
            (long dbSize, long dbInUse) = await EtcdDatabaseSizeAsync(etcd, cancellationToken);
            GCMemoryInfo memory = GC.GetGCMemoryInfo();

            var report = new ScaleReport(options, workload, tally)
            {
                AgentsUp = agentsUp,
                Submitted = submission.FinishedAt,
                SubmittedUnits = submission.Units,
                SubmitFailure = submission.Failure,
                Problems = problems.Problems,
                Ended = ended,
                AllPlacedAt = tracker.AllPlacedAt,
                AllLaunchedAt = tracker.AllLaunchedAt,
                Placed = tracker.Placed,
                Launched = tracker.Launched,
                AssignmentWrites = tracker.AssignmentWrites,
                PerAgent = perAgent,
                Engine = engineRequests,
                ProcessCpu = processCpu,
                EtcdCpu = etcdCpu,
                EngineCpu = engineCpu,
                EngineAllocated = engineAllocated,
                ProcessAllocated = processAllocated,
                ManagedHeap = memory.HeapSizeBytes,
                WorkingSet = Environment.WorkingSet,
                EtcdDbSize = dbSize,
                EtcdDbInUse = dbInUse,
            };
            report.Print(output);
            bool met = tracker.AllLaunchedAt is { } launched && launched <= TimeSpan.FromSeconds(options.TargetSeconds);
            output.WriteLine($"target: every unit launched within {options.TargetSeconds} s of the first submit: {(met ? "MET" : "MISSED")}");
            return met ? 0 : 1;
        }
        finally
        {
            // Agents stop their (recorded) units and revoke their leases; then the engine resigns.
            // Shutting down must not fail the run (etcd is removed after this): what failed is only told.
            await stopAgents.CancelAsync();
            await ReportFailuresAsync("agents", agents, TimeSpan.FromSeconds(60));
            await stopEngine.CancelAsync();
            await ReportFailuresAsync("engine", [engine], TimeSpan.FromSeconds(30));
            foreach (EtcdRegistry client in shared)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task SubmitAsync(IRegistry registry, RegistryLayout layout, ScaleWorkload workload, SubmissionProgress progress, CancellationToken cancellationToken)
    {
        var cluster = new ClusterRegistry(registry, layout);
        foreach (ScaleUnit[] batch in workload.Units.Chunk(SubmitBatch))
        {
            List<RegistryOperation> operations = [.. batch.Select(unit =>
            {
                UnitFile file = UnitFileParser.Parse(unit.Name, unit.Text);
                return cluster.PutUnitOperation(new UnitRecord(unit.Name, file.NormalizedText, file.Hash, UnitDesiredState.Launched));
            })];
            await registry.TransactAsync(new TransactionRequest([], operations), cancellationToken);
            progress.Add(operations.Count);
        }
    }

    /// <summary>A line on stderr every five seconds, so a long run shows it is moving (never completes: cancelled).</summary>
    private static async Task ProgressAsync(LaunchTracker tracker, ScaleWorkload workload, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            Console.Error.WriteLine(
                $"  {clock.Elapsed.TotalSeconds,5:F0} s: placed {tracker.Placed}/{tracker.NonGlobalTotal}, launched {tracker.Launched}/{workload.ExpectedStates}" +
                $" (thread pool: {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} work items queued)");
        }
    }

    /// <summary>Whether every machine key is there; a registry too busy to answer is not ready yet.</summary>
    private static async Task<bool> RegisteredAsync(IRegistry registry, RegistryLayout layout, int machines, CancellationToken cancellationToken)
    {
        try
        {
            return (await registry.RangeAsync(layout.MachinesPrefix, 0, cancellationToken)).Items.Count >= machines;
        }
        catch (Registry.Errors.RegistryException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > deadline)
            {
                throw new TimeoutException($"{what} within {deadline.TotalSeconds:F0} s (--max-seconds)");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>Waits for tasks that are stopping and tells on stderr how many ended with an error, and the first error.</summary>
    private static async Task ReportFailuresAsync(string what, IReadOnlyList<Task> tasks, TimeSpan limit)
    {
        try
        {
            await Task.WhenAll(tasks).WaitAsync(limit);
        }
        catch (Exception)
        {
            // Counted below, per task.
        }

        Task[] failed = [.. tasks.Where(t => t.IsFaulted)];
        int stuck = tasks.Count(t => !t.IsCompleted);
        if (failed.Length > 0 || stuck > 0)
        {
            Exception? first = failed.FirstOrDefault()?.Exception?.InnerException;
            Console.Error.WriteLine($"cluster-scale: stopping {what}: {failed.Length} failed, {stuck} still running after {limit.TotalSeconds:F0} s" +
                (first is null ? "" : $"; first error: {first.GetType().Name}: {first.Message}"));
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception error) when (error is OperationCanceledException or TimeoutException or Registry.Errors.RegistryException)
        {
        }
    }

    /// <summary>etcd's own figures from /metrics: the database file's size and the part of it in use.</summary>
    private static async Task<(long Total, long InUse)> EtcdDatabaseSizeAsync(BenchEtcd etcd, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string metrics = await http.GetStringAsync(new Uri($"{etcd.ClientUrl}/metrics"), cancellationToken);
        return (Metric(metrics, "etcd_mvcc_db_total_size_in_bytes"), Metric(metrics, "etcd_mvcc_db_total_size_in_use_in_bytes"));
    }

    private static long Metric(string metrics, string name)
    {
        foreach (string line in metrics.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return (long)double.Parse(line[(name.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    private static EtcdRegistry Connect(BenchEtcd etcd) =>
        new(new EtcdRegistryOptions { Endpoints = [etcd.ClientUrl], RequestTimeout = TimeSpan.FromSeconds(30) });
}
