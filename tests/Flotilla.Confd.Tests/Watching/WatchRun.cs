using System.Collections.Concurrent;
using Flotilla.Confd.Pipeline;
using Flotilla.Confd.Resources;
using Flotilla.Confd.Stores;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Confd.Tests.Watching;

/// <summary>A <see cref="TemplateRole"/> watching in the background until disposed; records every outcome.</summary>
internal sealed class WatchRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public WatchRun(ITemplateStore store, params TemplateResource[] resources)
    {
        var role = new TemplateRole(store, resources, new PipelineOptions(), NullLogger.Instance)
        {
            Processed = (_, outcome) => Outcomes.Enqueue(outcome),
        };
        _running = Task.Run(() => role.RunWatchAsync(_stop.Token));
    }

    public ConcurrentQueue<ProcessOutcome> Outcomes { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(20));
        _stop.Dispose();
    }
}
