using Flotilla.Confd.Resources;

namespace Flotilla.Confd.Watching;

/// <summary>
/// When a burst of changes should be rendered under <c>wait = "min:max"</c>: once the keys were quiet
/// for min after the last change, but no later than max after the first. Pure.
/// </summary>
public static class Debounce
{
    public static DateTimeOffset RenderAt(WaitWindow wait, DateTimeOffset firstChange, DateTimeOffset lastChange)
    {
        var quiet = lastChange + wait.Min;
        var deadline = firstChange + wait.Max;
        return quiet < deadline ? quiet : deadline;
    }
}
