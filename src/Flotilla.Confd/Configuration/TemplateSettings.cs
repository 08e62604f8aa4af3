using Flotilla.Confd.Resources;

namespace Flotilla.Confd.Configuration;

/// <summary>
/// The template role's global options as given by one source (flags or confd.toml): null = not given
/// there. <see cref="OverriddenBy"/> layers the sources - flags win over the file (confd had it
/// backwards) - and the properties without "Given" apply the defaults.
/// </summary>
public sealed record TemplateSettings
{
    public string? Backend { get; init; }

    /// <summary>etcd client URLs (confd's <c>nodes</c>).</summary>
    public IReadOnlyList<string>? Endpoints { get; init; }

    /// <summary>A flotilla agent's API (unix socket path or URL) to read keys through: the <c>agent</c> backend.</summary>
    public string? AgentEndpoint { get; init; }

    /// <summary>confd's <c>scheme</c>, for nodes written without one (default http).</summary>
    public string? Scheme { get; init; }

    public string? Prefix { get; init; }

    public string? ConfDirectory { get; init; }

    public string? ConfigFile { get; init; }

    /// <summary>Seconds between renders in interval mode.</summary>
    public long? IntervalSeconds { get; init; }

    public bool? Watch { get; init; }

    public bool? Onetime { get; init; }

    public bool? Noop { get; init; }

    public bool? SyncOnly { get; init; }

    public bool? KeepStageFile { get; init; }

    public string? LogLevel { get; init; }

    /// <summary>The default debounce, "min:max".</summary>
    public string? Wait { get; init; }

    public long? MinKeys { get; init; }

    /// <summary>The embedded backend's data directory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The file backend's YAML files.</summary>
    public IReadOnlyList<string>? Files { get; init; }

    /// <summary>The default configuration directory, as confd's.</summary>
    public const string DefaultConfDirectory = "/etc/confd";

    /// <summary>confd's default interval (600 s).</summary>
    public const long DefaultIntervalSeconds = 600;

    public string EffectiveBackend => Backend ?? (AgentEndpoint is not null ? "agent" : Endpoints is { Count: > 0 } ? "etcd" : "embedded");

    public string EffectiveConfDirectory => ConfDirectory ?? DefaultConfDirectory;

    /// <summary>These settings with every option <paramref name="other"/> gives replaced by its value.</summary>
    public TemplateSettings OverriddenBy(TemplateSettings other) => new()
    {
        Backend = other.Backend ?? Backend,
        Endpoints = other.Endpoints ?? Endpoints,
        AgentEndpoint = other.AgentEndpoint ?? AgentEndpoint,
        Scheme = other.Scheme ?? Scheme,
        Prefix = other.Prefix ?? Prefix,
        ConfDirectory = other.ConfDirectory ?? ConfDirectory,
        ConfigFile = other.ConfigFile ?? ConfigFile,
        IntervalSeconds = other.IntervalSeconds ?? IntervalSeconds,
        Watch = other.Watch ?? Watch,
        Onetime = other.Onetime ?? Onetime,
        Noop = other.Noop ?? Noop,
        SyncOnly = other.SyncOnly ?? SyncOnly,
        KeepStageFile = other.KeepStageFile ?? KeepStageFile,
        LogLevel = other.LogLevel ?? LogLevel,
        Wait = other.Wait ?? Wait,
        MinKeys = other.MinKeys ?? MinKeys,
        DataDirectory = other.DataDirectory ?? DataDirectory,
        Files = other.Files ?? Files,
    };

    /// <summary>etcd URLs: a node without a scheme gets <see cref="Scheme"/> (confd's rule).</summary>
    public IReadOnlyList<string> EffectiveEndpoints =>
        (Endpoints ?? []).Select(e => e.Contains("://", StringComparison.Ordinal) ? e : $"{Scheme ?? "http"}://{e}").ToArray();

    /// <exception cref="ArgumentException">Wait is not "min:max".</exception>
    public ResourceDefaults ResourceDefaults()
    {
        var wait = WaitWindow.None;
        if (Wait is { } text && !WaitWindow.TryParse(text, out wait, out var problem))
        {
            throw new ArgumentException(problem);
        }
        return new ResourceDefaults
        {
            Prefix = string.IsNullOrEmpty(Prefix) ? null : Prefix,
            Wait = wait,
            MinKeys = (int)Math.Clamp(MinKeys ?? 0, 0, int.MaxValue),
        };
    }
}
