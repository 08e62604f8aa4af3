namespace Flotilla.Confd.Resources;

/// <summary>
/// One confd <c>[template]</c> resource, as read from its TOML file with the global options applied
/// (the global prefix already replaced the resource's).
/// </summary>
public sealed record TemplateResource
{
    /// <summary>The TOML file it came from (named in messages).</summary>
    public required string ConfigFile { get; init; }

    /// <summary>The template's full path (templates/ + src).</summary>
    public required string Source { get; init; }

    public required string Destination { get; init; }

    /// <summary>The resource's keys as written (relative to <see cref="Prefix"/>).</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>The effective prefix, always starting with '/'.</summary>
    public string Prefix { get; init; } = "/";

    /// <summary>The explicit mode, or null: keep the existing dest's mode, else 0644.</summary>
    public UnixFileMode? Mode { get; init; }

    /// <summary>The owner dest must have; null = the effective user of this process (confd's default).</summary>
    public int? Uid { get; init; }

    public int? Gid { get; init; }

    public string? CheckCommand { get; init; }

    public string? ReloadCommand { get; init; }

    /// <summary>Debounce of watch mode (ours; confd has none).</summary>
    public WaitWindow Wait { get; init; } = WaitWindow.None;

    /// <summary>Refuse to render when fewer keys than this are visible (ours), so an outage or a wiped prefix cannot empty a config.</summary>
    public int MinKeys { get; init; }

    /// <summary>The full store keys this resource reads: path.Join(prefix, key) for each key.</summary>
    public IReadOnlyList<string> StoreKeys => Keys.Select(k => Templates.Confd.GoPath.Join(Prefix, k)).Distinct(StringComparer.Ordinal).ToArray();
}
