using System.Threading.Channels;
using Flotilla.Confd.Pipeline;
using Flotilla.Confd.Resources;
using Flotilla.Confd.Stores;
using Flotilla.Registry.Errors;
using Microsoft.Extensions.Logging;

namespace Flotilla.Confd.Watching;

/// <summary>
/// Keeps one resource's dest current: a supervised watch of its keys (resumed from the last revision
/// seen after any failure, re-read after compaction, never silently lost) feeds a render loop that
/// debounces bursts, so each burst renders - and reloads - once. Store failures back off.
/// </summary>
internal sealed class ResourceWatch(
    TemplateResource resource,
    ITemplateStore store,
    ResourceProcessor processor,
    ILogger logger,
    TimeProvider time,
    Action<TemplateResource, ProcessOutcome>? processed)
{
    private readonly Channel<long> _changes = Channel.CreateBounded<long>(new BoundedChannelOptions(1)
    {
        // Only "something changed" matters: a full channel already says so.
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
        SingleWriter = true,
    });

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var watching = WatchAsync(cancellationToken);
        var rendering = RenderAsync(cancellationToken);
        await Task.WhenAll(watching, rendering).ConfigureAwait(false);
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff();
        var keys = resource.StoreKeys;
        long next = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (next == 0)
                {
                    // Watch from the current revision and render once: the render reads at this revision
                    // or later, and the watch sees every change after it.
                    var current = await store.GetRevisionAsync(cancellationToken).ConfigureAwait(false);
                    next = current + 1;
                    ConfdLog.Watching(logger, resource.ConfigFile, current);
                    _changes.Writer.TryWrite(current);
                }
                await foreach (var revision in store.WatchAsync(keys, next, cancellationToken).ConfigureAwait(false))
                {
                    next = revision + 1;
                    backoff.Reset();
                    _changes.Writer.TryWrite(revision);
                }
                if (!cancellationToken.IsCancellationRequested)
                {
                    ConfdLog.WatchEnded(logger, resource.ConfigFile, next - 1);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RegistryCompactedException)
            {
                ConfdLog.Compacted(logger, resource.ConfigFile, next);
                next = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var delay = backoff.NextDelay();
                ConfdLog.StoreUnavailable(logger, resource.ConfigFile, e.Message, delay);
                if (!await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    private async Task RenderAsync(CancellationToken cancellationToken)
    {
        var reader = _changes.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                reader.TryRead(out _);
                await DebounceAsync(cancellationToken).ConfigureAwait(false);
                await ProcessWithRetriesAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Waits until the burst that began now is over (see <see cref="Debounce"/>), absorbing its changes.</summary>
    private async Task DebounceAsync(CancellationToken cancellationToken)
    {
        if (resource.Wait.IsNone)
        {
            return;
        }
        var first = time.GetUtcNow();
        var last = first;
        while (true)
        {
            var remaining = Debounce.RenderAt(resource.Wait, first, last) - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var changed = _changes.Reader.WaitToReadAsync(timeout.Token).AsTask();
            var elapsed = Task.Delay(remaining, time, timeout.Token);
            var winner = await Task.WhenAny(changed, elapsed).ConfigureAwait(false);
            await timeout.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (winner == elapsed)
            {
                return;
            }
            _changes.Reader.TryRead(out _);
            last = time.GetUtcNow();
        }
    }

    private async Task ProcessWithRetriesAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff();
        while (true)
        {
            try
            {
                var outcome = await processor.ProcessAsync(resource, cancellationToken).ConfigureAwait(false);
                processed?.Invoke(resource, outcome);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var delay = backoff.NextDelay();
                ConfdLog.StoreUnavailable(logger, resource.ConfigFile, e.Message, delay);
                if (!await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
