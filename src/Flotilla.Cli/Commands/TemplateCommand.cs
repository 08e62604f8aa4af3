using System.Runtime.InteropServices;
using Flotilla.Cli.Agent;
using Flotilla.Cli.Client;
using Flotilla.Cli.Logging;
using Flotilla.Cli.Template;
using Flotilla.Confd;
using Flotilla.Confd.Configuration;
using Flotilla.Confd.Pipeline;
using Flotilla.Confd.Resources;
using Flotilla.Confd.Stores;
using Flotilla.Confd.Toml;
using Flotilla.Registry;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Etcd;
using Microsoft.Extensions.Logging;

namespace Flotilla.Cli.Commands;

/// <summary>
/// <c>flotilla template</c>: the confd role. Renders confd template resources from the registry (embedded
/// or etcd) or YAML files, once, every N seconds, or on every change. confd's single-dash flags
/// (<c>-onetime -backend etcdv3 -node URL</c>) work too.
/// </summary>
internal sealed class TemplateCommand(TextWriter output, TextWriter error) : ICliCommand
{
    private const int UsageExitCode = 2;

    public string Name => "template";

    public string Summary => "Render confd templates from the store (the confd role)";

    public string Usage => """
        Usage: flotilla template [--confdir DIR] [--onetime | --watch | --interval N] [OPTIONS]

        Renders every resource in DIR/conf.d/**/*.toml from its template in DIR/templates/, as confd
        does: stage file, compare, check_cmd, atomic rename, reload_cmd. Without --onetime or --watch it
        renders every --interval seconds. Runs until SIGINT or SIGTERM.

        Options:
          --confdir DIR          confd's configuration directory (default /etc/confd)
          --config-file FILE     confd.toml (default CONFDIR/confd.toml when it exists); flags win
          --onetime              render once and exit: 1 if any resource failed
          --watch                re-render when a resource's keys change
          --interval N           seconds between renders when not watching (default 600)
          --noop                 report what would change, change nothing
          --sync-only            write dest but run neither check_cmd nor reload_cmd
          --keep-stage-file      keep the stage files
          --prefix PREFIX        replaces every resource's prefix
          --backend KIND         embedded (default), etcd, or file
          --endpoints URLS       etcd client URLs, comma-separated (implies --backend etcd)
          --node URL             one etcd client URL (confd's flag; repeatable)
          --data-dir DIR         the embedded backend's directory (default: the agent's)
          --file FILE            a YAML file of keys for --backend file (repeatable)
          --wait MIN:MAX         debounce watched changes for resources without wait (e.g. 1s:5s)
          --min-keys N           refuse to render resources that see fewer keys (default 0)
          --log-level LEVEL      debug, info (default), warn or error
          --endpoint ADDR        read the keys through a flotilla agent's API (unix socket path,
                                 unix:///path or http(s)://host:port; implies --backend agent)

        """;

    public int Run(IReadOnlyList<string> arguments)
    {
        var (flags, problem) = ParseFlags(arguments);
        if (flags is null)
        {
            error.WriteLine($"flotilla template: {problem}");
            error.Write(Usage);
            return UsageExitCode;
        }

        TemplateSettings settings;
        IReadOnlyList<TemplateResource> resources;
        try
        {
            settings = WithConfigFile(flags);
            if (settings.EffectiveBackend is not ("embedded" or "etcd" or "file" or "agent"))
            {
                error.WriteLine($"flotilla template: --backend: \"{settings.Backend}\" is not one of embedded, etcd, file, agent");
                return UsageExitCode;
            }
            if (settings.EffectiveBackend == "agent" && settings.AgentEndpoint is null)
            {
                error.WriteLine("flotilla template: --backend agent needs --endpoint");
                return UsageExitCode;
            }
            if (settings.EffectiveBackend == "etcd" && settings.EffectiveEndpoints.Count == 0)
            {
                error.WriteLine("flotilla template: --backend etcd needs --endpoints");
                return UsageExitCode;
            }
            if (settings.EffectiveBackend == "file" && settings.Files is not { Count: > 0 })
            {
                error.WriteLine("flotilla template: --backend file needs --file");
                return UsageExitCode;
            }
            resources = ResourceLoader.Load(settings.EffectiveConfDirectory, settings.ResourceDefaults());
        }
        catch (Exception e) when (e is TomlException or IOException or UnauthorizedAccessException or ArgumentException or OverflowException)
        {
            error.WriteLine($"flotilla template: {e.Message}");
            return 1;
        }

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        try
        {
            return RunAsync(settings, resources, stop.Token).GetAwaiter().GetResult() ? 0 : 1;
        }
        catch (Exception e) when (e is Registry.Errors.RegistryException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"flotilla template: {e.Message}");
            return 1;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private async Task<bool> RunAsync(TemplateSettings settings, IReadOnlyList<TemplateResource> resources, CancellationToken cancellationToken)
    {
        var logger = new TextWriterLogger(error, "template", ParseLevel(settings.LogLevel));
        await using var registry = OpenRegistry(settings, logger);
        using FlotillaApiClient? agent = settings.EffectiveBackend == "agent"
            ? new FlotillaApiClient(new ClientOptions { Endpoint = ApiEndpoint.Parse(settings.AgentEndpoint!, out _)!, RequestTimeout = TimeSpan.FromSeconds(30) })
            : null;
        ITemplateStore store = agent is not null ? new AgentTemplateStore(agent)
            : registry is null ? new FileTemplateStore(settings.Files!)
            : new RegistryTemplateStore(registry);
        var options = new PipelineOptions
        {
            Noop = settings.Noop ?? false,
            SyncOnly = settings.SyncOnly ?? false,
            KeepStageFile = settings.KeepStageFile ?? false,
        };
        var role = new TemplateRole(store, resources, options, logger);
        if (settings.Onetime == true)
        {
            return await role.RunOnceAsync(cancellationToken);
        }
        if (settings.Watch == true)
        {
            output.WriteLine($"flotilla template: watching {resources.Count} resources");
            await role.RunWatchAsync(cancellationToken);
            return true;
        }
        var interval = TimeSpan.FromSeconds(settings.IntervalSeconds ?? TemplateSettings.DefaultIntervalSeconds);
        output.WriteLine($"flotilla template: rendering {resources.Count} resources every {interval.TotalSeconds} s");
        await role.RunIntervalAsync(interval, cancellationToken);
        return true;
    }

    private static IRegistry? OpenRegistry(TemplateSettings settings, ILogger logger) => settings.EffectiveBackend switch
    {
        "etcd" => new EtcdRegistry(new EtcdRegistryOptions { Endpoints = settings.EffectiveEndpoints }),
        "embedded" => EmbeddedRegistry.Open(
            Path.Combine(settings.DataDirectory ?? AgentPaths.DefaultDataDirectory(), "registry.db"),
            new EmbeddedRegistryOptions { Logger = logger }),
        _ => null,
    };

    /// <summary>Flags over confd.toml: the file named by --config-file, else CONFDIR/confd.toml when present.</summary>
    private static TemplateSettings WithConfigFile(TemplateSettings flags)
    {
        var path = flags.ConfigFile ?? Path.Combine(flags.EffectiveConfDirectory, "confd.toml");
        if (flags.ConfigFile is null && !File.Exists(path))
        {
            return flags;
        }
        return ConfdConfigFile.Read(path).OverriddenBy(flags);
    }

    private static LogLevel ParseLevel(string? level) => level?.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "panic" or "fatal" => LogLevel.Critical,
        _ => LogLevel.Information,
    };

    /// <summary>Reads the flags into settings; a mistake comes back as one sentence naming the option.</summary>
    internal static (TemplateSettings? Settings, string? Problem) ParseFlags(IReadOnlyList<string> arguments)
    {
        var settings = new TemplateSettings();
        var nodes = new List<string>();
        var files = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var option = arguments[i];
            if (!option.StartsWith('-') || option == "-" || option == "--")
            {
                return (null, $"unexpected argument \"{option}\"");
            }
            if (!option.StartsWith("--", StringComparison.Ordinal))
            {
                option = "-" + option; // confd's Go flags take one dash
            }
            string? inline = null;
            var equals = option.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                inline = option[(equals + 1)..];
                option = option[..equals];
            }

            bool? flag = option switch
            {
                "--onetime" or "--watch" or "--noop" or "--sync-only" or "--keep-stage-file" =>
                    inline is null ? true : bool.TryParse(inline, out var parsed) ? parsed : null,
                _ => null,
            };
            if (option is "--onetime" or "--watch" or "--noop" or "--sync-only" or "--keep-stage-file")
            {
                if (flag is null)
                {
                    return (null, $"{option}: \"{inline}\" is not true or false");
                }
                settings = option switch
                {
                    "--onetime" => settings with { Onetime = flag },
                    "--watch" => settings with { Watch = flag },
                    "--noop" => settings with { Noop = flag },
                    "--sync-only" => settings with { SyncOnly = flag },
                    _ => settings with { KeepStageFile = flag },
                };
                continue;
            }

            string value;
            if (inline is not null)
            {
                value = inline;
            }
            else if (i + 1 < arguments.Count)
            {
                value = arguments[++i];
            }
            else
            {
                return (null, $"option {option} needs a value");
            }

            switch (option)
            {
                case "--confdir":
                    settings = settings with { ConfDirectory = value };
                    break;
                case "--config-file":
                    settings = settings with { ConfigFile = value };
                    break;
                case "--interval":
                    if (!long.TryParse(value, out var seconds) || seconds <= 0)
                    {
                        return (null, $"--interval: \"{value}\" is not a positive number of seconds");
                    }
                    settings = settings with { IntervalSeconds = seconds };
                    break;
                case "--prefix":
                    settings = settings with { Prefix = value };
                    break;
                case "--backend":
                    var backend = value == "etcdv3" ? "etcd" : value;
                    if (backend is not ("embedded" or "etcd" or "file" or "agent"))
                    {
                        return (null, $"--backend: \"{value}\" is not one of embedded, etcd, file, agent");
                    }
                    settings = settings with { Backend = backend };
                    break;
                case "--endpoints" or "--node":
                    var urls = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (urls.Length == 0)
                    {
                        return (null, $"{option}: no URL given");
                    }
                    nodes.AddRange(urls);
                    break;
                case "--endpoint":
                    if (ApiEndpoint.Parse(value, out string? endpointProblem) is null)
                    {
                        return (null, $"--endpoint: {endpointProblem}");
                    }

                    settings = settings with { AgentEndpoint = value };
                    break;
                case "--data-dir":
                    settings = settings with { DataDirectory = value };
                    break;
                case "--file":
                    files.Add(value);
                    break;
                case "--wait":
                    if (!WaitWindow.TryParse(value, out _, out var waitProblem))
                    {
                        return (null, $"--wait: {waitProblem}");
                    }
                    settings = settings with { Wait = value };
                    break;
                case "--min-keys":
                    if (!long.TryParse(value, out var minKeys) || minKeys < 0)
                    {
                        return (null, $"--min-keys: \"{value}\" is not a number of keys");
                    }
                    settings = settings with { MinKeys = minKeys };
                    break;
                case "--log-level":
                    if (value.ToLowerInvariant() is not ("debug" or "info" or "warn" or "warning" or "error" or "panic" or "fatal"))
                    {
                        return (null, $"--log-level: \"{value}\" is not one of debug, info, warn, error");
                    }
                    settings = settings with { LogLevel = value };
                    break;
                default:
                    return (null, $"unknown option \"{option}\"");
            }
        }

        if (nodes.Count > 0)
        {
            settings = settings with { Endpoints = nodes };
        }
        if (files.Count > 0)
        {
            settings = settings with { Files = files };
        }
        return (settings, null);
    }
}
