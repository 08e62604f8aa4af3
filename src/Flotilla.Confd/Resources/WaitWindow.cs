using Flotilla.Units.Values;

namespace Flotilla.Confd.Resources;

/// <summary>
/// consul-template's debounce, <c>wait = "min:max"</c>: after a change, render once the keys have been
/// quiet for <see cref="Min"/>, but never later than <see cref="Max"/> after the first change of a burst.
/// A lone <c>"min"</c> means max = 4 × min, as in consul-template. <see cref="None"/> renders at once.
/// </summary>
public sealed record WaitWindow(TimeSpan Min, TimeSpan Max)
{
    public static WaitWindow None { get; } = new(TimeSpan.Zero, TimeSpan.Zero);

    public bool IsNone => Min == TimeSpan.Zero && Max == TimeSpan.Zero;

    /// <summary>Parses <c>"min:max"</c> or <c>"min"</c> (each a time span: 2s, 500ms, 1min; a bare number is seconds).</summary>
    public static bool TryParse(string text, out WaitWindow window, out string problem)
    {
        window = None;
        var parts = text.Split(':');
        if (parts.Length > 2 || !SystemdTimeSpan.TryParse(parts[0].Trim(), out var min) || min < TimeSpan.Zero || min == SystemdTimeSpan.Infinity)
        {
            problem = $"wait \"{text}\" is not \"min:max\" (time spans such as 2s:10s)";
            return false;
        }
        var max = min * 4;
        if (parts.Length == 2 && (!SystemdTimeSpan.TryParse(parts[1].Trim(), out max) || max == SystemdTimeSpan.Infinity))
        {
            problem = $"wait \"{text}\" is not \"min:max\" (time spans such as 2s:10s)";
            return false;
        }
        if (max < min)
        {
            problem = $"wait \"{text}\": max must not be below min";
            return false;
        }
        window = new WaitWindow(min, max);
        problem = "";
        return true;
    }
}
