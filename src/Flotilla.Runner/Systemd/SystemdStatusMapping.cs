using System.Globalization;

namespace Flotilla.Runner.Systemd;

/// <summary>Turns the properties systemd reports for a unit into the runner's <see cref="UnitStatus"/>.</summary>
internal static class SystemdStatusMapping
{
    /// <exception cref="FormatException">An active state or main PID systemd is not known to report.</exception>
    public static UnitStatus ToStatus(string unitName, string hash, IReadOnlyDictionary<string, string> properties, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var loadText = Value(properties, "LoadState");
        var loadState = MapLoadState(loadText);
        var statusText = loadState == UnitLoadState.Loaded
            ? NullIfEmpty(Value(properties, "StatusText"))
            : DescribeLoadProblem(loadText, Value(properties, "LoadError"));
        var result = Value(properties, "Result");
        return new UnitStatus(
            unitName,
            hash,
            loadState,
            MapActiveState(Value(properties, "ActiveState")),
            Value(properties, "SubState"),
            // Units without a Result property (targets, ...) have nothing that could have failed.
            result.Length == 0 ? "success" : result,
            MapMainPid(Value(properties, "MainPID")),
            statusText,
            since);
    }

    /// <summary>
    /// systemd's load states beyond loaded and not-found (bad-setting, error, masked, merged, stub) all
    /// mean the unit cannot be started as written, which is the runner's <see cref="UnitLoadState.Error"/>.
    /// </summary>
    public static UnitLoadState MapLoadState(string loadState) => loadState switch
    {
        "loaded" => UnitLoadState.Loaded,
        "not-found" => UnitLoadState.NotFound,
        _ => UnitLoadState.Error,
    };

    public static UnitActiveState MapActiveState(string activeState) => activeState switch
    {
        "active" => UnitActiveState.Active,
        "inactive" => UnitActiveState.Inactive,
        "failed" => UnitActiveState.Failed,
        "activating" => UnitActiveState.Activating,
        "deactivating" => UnitActiveState.Deactivating,
        "reloading" => UnitActiveState.Reloading,

        // systemd 256 reloads a unit's mount namespace in "refreshing": a reload by another name.
        "refreshing" => UnitActiveState.Reloading,

        // "maintenance" is `systemctl clean` removing a stopped unit's directories: nothing runs.
        "maintenance" => UnitActiveState.Inactive,
        _ => throw new FormatException($"systemd reported an unknown active state \"{activeState}\""),
    };

    /// <summary>
    /// The sentence for a unit systemd could not load: its load state, then the message of LoadError
    /// (systemd writes it as a D-Bus error name followed by a quoted message).
    /// </summary>
    public static string DescribeLoadProblem(string loadState, string loadError)
    {
        var state = loadState.Length == 0 ? "error" : loadState;
        var firstQuote = loadError.IndexOf('"');
        var lastQuote = loadError.LastIndexOf('"');
        var message = firstQuote >= 0 && lastQuote > firstQuote
            ? loadError[(firstQuote + 1)..lastQuote]
            : loadError.Trim();
        return message.Length == 0 ? state : $"{state}: {message}";
    }

    private static int? MapMainPid(string mainPid)
    {
        if (mainPid.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(mainPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            throw new FormatException($"systemd reported a main PID that is not a number: \"{mainPid}\"");
        }

        // systemd writes 0 when the unit has no main process.
        return pid == 0 ? null : pid;
    }

    private static string Value(IReadOnlyDictionary<string, string> properties, string key) =>
        properties.TryGetValue(key, out var value) ? value : string.Empty;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
