using Flotilla.Cli.Logging;
using Flotilla.Confd;
using Flotilla.Confd.Configuration;
using Flotilla.Confd.Pipeline;
using Flotilla.Confd.Resources;
using Flotilla.Confd.Stores;
using Flotilla.Confd.Toml;
using Flotilla.Registry;
using Microsoft.Extensions.Logging;

namespace Flotilla.Cli.Agent;

/// <summary>
/// The template role inside <c>flotilla agent --confdir DIR</c>: the confd resources of DIR, watched
/// through the agent's own registry connection. One connection matters twice: the embedded store admits
/// one process, and a balancer machine needs one daemon, not an agent and a confd beside it.
/// </summary>
internal sealed class AgentTemplates
{
    private readonly IReadOnlyList<TemplateResource> _resources;
    private readonly PipelineOptions _options;
    private readonly LogLevel _level;

    private AgentTemplates(IReadOnlyList<TemplateResource> resources, PipelineOptions options, LogLevel level)
    {
        _resources = resources;
        _options = options;
        _level = level;
    }

    public int ResourceCount => _resources.Count;

    /// <summary>
    /// Reads DIR/conf.d/*.toml and, when present, DIR/confd.toml - of which only what shapes the resources
    /// and the pipeline counts (prefix, wait, min_keys, noop, sync-only, keep-stage-file, log-level): the
    /// store is always the agent's, and the agent always watches.
    /// </summary>
    /// <exception cref="IOException">The directory, a resource or confd.toml cannot be used (the message names the file).</exception>
    public static AgentTemplates Load(string confDirectory)
    {
        try
        {
            string configFile = Path.Combine(confDirectory, "confd.toml");
            TemplateSettings settings = File.Exists(configFile) ? ConfdConfigFile.Read(configFile) : new TemplateSettings();
            IReadOnlyList<TemplateResource> resources = ResourceLoader.Load(confDirectory, settings.ResourceDefaults());
            var options = new PipelineOptions
            {
                Noop = settings.Noop ?? false,
                SyncOnly = settings.SyncOnly ?? false,
                KeepStageFile = settings.KeepStageFile ?? false,
            };
            return new AgentTemplates(resources, options, ParseLevel(settings.LogLevel));
        }
        catch (Exception e) when (e is TomlException or ArgumentException or OverflowException)
        {
            throw new IOException($"--confdir: {e.Message}", e);
        }
    }

    /// <summary>
    /// Runs <paramref name="agent"/> with the resources watched beside it, and stops the watch when the
    /// agent returns (or fails) so nothing reads the registry after it is closed. Rendering goes on while
    /// the agent is fenced: it only reads, and a stale config beats none.
    /// </summary>
    public async Task RunBesideAsync(IRegistry registry, TextWriter log, Func<Task> agent, CancellationToken cancellationToken)
    {
        var role = new TemplateRole(new RegistryTemplateStore(registry), _resources, _options, new TextWriterLogger(log, "template", _level));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task watching = role.RunWatchAsync(stop.Token);
        try
        {
            await agent().ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(false);
        }
    }

    private static LogLevel ParseLevel(string? level) => level?.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "panic" or "fatal" => LogLevel.Critical,
        _ => LogLevel.Information,
    };
}
