namespace Flotilla.Confd.Resources;

/// <summary>What the global options contribute to every resource.</summary>
public sealed record ResourceDefaults
{
    /// <summary>The global prefix; when set it replaces every resource's prefix (confd's rule).</summary>
    public string? Prefix { get; init; }

    /// <summary>The debounce of resources that set no <c>wait</c>.</summary>
    public WaitWindow Wait { get; init; } = WaitWindow.None;

    /// <summary>The min_keys of resources that set none.</summary>
    public int MinKeys { get; init; }
}
