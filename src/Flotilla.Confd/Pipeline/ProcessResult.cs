namespace Flotilla.Confd.Pipeline;

/// <summary>How processing one resource ended.</summary>
public enum ProcessResult
{
    /// <summary>dest already had the rendered content, mode and owner.</summary>
    InSync,

    /// <summary>dest was replaced (and reload_cmd, if any, succeeded).</summary>
    Updated,

    /// <summary>noop mode: dest differs and was left alone.</summary>
    WouldUpdate,

    /// <summary>Fewer keys than min_keys: nothing rendered, dest untouched.</summary>
    Refused,

    /// <summary>Render, check, rename or reload failed; see the message.</summary>
    Failed,
}
