using Flotilla.Confd.Pipeline;
using Flotilla.Confd.Resources;
using Flotilla.Confd.Stores;
using Flotilla.Confd.Watching;
using Flotilla.Templates.Confd;
using Microsoft.Extensions.Logging;

namespace Flotilla.Confd;

/// <summary>
/// The confd role: keeps every resource's dest rendered from the store, once (<see cref="RunOnceAsync"/>),
/// every N seconds (<see cref="RunIntervalAsync"/>) or on every change (<see cref="RunWatchAsync"/>).
/// </summary>
public sealed class TemplateRole
{
    private readonly ITemplateStore _store;
    private readonly IReadOnlyList<TemplateResource> _resources;
    private readonly ResourceProcessor _processor;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public TemplateRole(ITemplateStore store, IReadOnlyList<TemplateResource> resources, PipelineOptions options, ILogger logger, TimeProvider? time = null, ConfdHost? host = null)
    {
        _store = store;
        _resources = resources;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _processor = new ResourceProcessor(store, options, logger, host);
    }

    /// <summary>Called after every processed resource (tests and the agent observe the role through it).</summary>
    public Action<TemplateResource, ProcessOutcome>? Processed { get; init; }

    /// <summary>Processes every resource once; true when none failed (confd's --onetime).</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var succeeded = true;
        foreach (var resource in _resources)
        {
            var outcome = await ProcessOrReportAsync(resource, cancellationToken).ConfigureAwait(false);
            succeeded &= outcome.Succeeded;
        }
        return succeeded;
    }

    /// <summary>Processes every resource, then again every <paramref name="interval"/>, until cancelled.</summary>
    public async Task RunIntervalAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await RunOnceAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Watches every resource's keys and re-renders on change, until cancelled.</summary>
    public Task RunWatchAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_resources.Select(r => new ResourceWatch(r, _store, _processor, _logger, _time, Processed).RunAsync(cancellationToken)));

    private async Task<ProcessOutcome> ProcessOrReportAsync(TemplateResource resource, CancellationToken cancellationToken)
    {
        ProcessOutcome outcome;
        try
        {
            outcome = await _processor.ProcessAsync(resource, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var message = $"{resource.ConfigFile}: cannot read the store: {e.Message}";
            ConfdLog.Failed(_logger, message);
            outcome = new ProcessOutcome(ProcessResult.Failed, 0, message);
        }
        Processed?.Invoke(resource, outcome);
        return outcome;
    }
}
