using System.Collections.Concurrent;
using System.Globalization;

namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>
/// One thread with its own synchronization context: async code started on it keeps running its
/// continuations on it (nothing in the engine uses ConfigureAwait(false)), so the CPU time and the
/// allocations of that thread are the engine's own work, apart from the thousands of agents sharing
/// the process. Not counted: what runs on pool threads on the engine's behalf (the etcd client's gRPC
/// I/O and protobuf parsing, timer callbacks, the lease keeper's Task.Run loop).
/// </summary>
internal sealed class DedicatedThread : IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource<int> _nativeId = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DedicatedThread(string name)
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Starts <paramref name="work"/> on the thread; its continuations stay there.</summary>
    public Task Run(Func<Task> work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((_ => _ = ForwardAsync(work, done), null));
        return done.Task;
    }

    /// <summary>Reads a value on the thread (for per-thread counters such as allocated bytes).</summary>
    public Task<T> Read<T>(Func<T> read)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((_ => done.SetResult(read()), null));
        return done.Task;
    }

    /// <summary>CPU time (user + system) the thread has used, from the kernel's per-thread scheduler statistics.</summary>
    public async Task<TimeSpan> CpuTimeAsync()
    {
        int tid = await _nativeId.Task;
        string stat = await File.ReadAllTextAsync($"/proc/self/task/{tid}/schedstat");
        long nanoseconds = long.Parse(stat.Split(' ')[0], CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(nanoseconds / 100);
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(10));
        _queue.Dispose();
    }

    private static async Task ForwardAsync(Func<Task> work, TaskCompletionSource done)
    {
        try
        {
            await work();
            done.SetResult();
        }
        catch (Exception error)
        {
            done.SetException(error);
        }
    }

    private void Loop()
    {
        // The kernel's thread ID names this thread's entry under /proc/self/task.
        _nativeId.SetResult(int.Parse(File.ReadAllText("/proc/thread-self/stat").Split(' ')[0], CultureInfo.InvariantCulture));
        SynchronizationContext.SetSynchronizationContext(new QueueContext(_queue));
        foreach ((SendOrPostCallback callback, object? state) in _queue.GetConsumingEnumerable())
        {
            callback(state);
        }
    }

    private sealed class QueueContext(BlockingCollection<(SendOrPostCallback, object?)> queue) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state)
        {
            try
            {
                queue.Add((d, state));
            }
            catch (InvalidOperationException)
            {
                // Shutting down: run it on the pool rather than lose a continuation.
                ThreadPool.QueueUserWorkItem(s => d(s), state, preferLocal: false);
            }
        }

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

        public override SynchronizationContext CreateCopy() => this;
    }
}
