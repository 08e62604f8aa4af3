using System.Collections.ObjectModel;
using System.Globalization;
using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Units.Values;

/// <summary>
/// The value of <c>SuccessExitStatus=</c>, <c>RestartPreventExitStatus=</c> and
/// <c>RestartForceExitStatus=</c>: exit codes and termination signals. Words are separated by
/// whitespace; a number is always an exit code (0..255), a name is first tried as an exit status
/// name (<c>TEMPFAIL</c>) and then as a signal, with or without <c>SIG</c> (<c>SIGKILL</c>,
/// <c>KILL</c>), as systemd does. Immutable; the caller merges repeated lines with
/// <see cref="Union"/> and handles the empty assignment that resets the list.
/// </summary>
public sealed class ExitStatusSet
{
    private readonly SortedSet<int> _exitCodes;
    private readonly SortedSet<int> _signals;

    private ExitStatusSet(SortedSet<int> exitCodes, SortedSet<int> signals)
    {
        _exitCodes = exitCodes;
        _signals = signals;
        ExitCodes = new ReadOnlySet<int>(exitCodes);
        Signals = new ReadOnlySet<int>(signals);
    }

    /// <summary>The set with nothing in it, for a key that was never set or was reset.</summary>
    public static ExitStatusSet Empty { get; } = new([], []);

    /// <summary>Exit codes, 0..255, in ascending order.</summary>
    public IReadOnlySet<int> ExitCodes { get; }

    /// <summary>Signal numbers, 1..64, in ascending order.</summary>
    public IReadOnlySet<int> Signals { get; }

    /// <summary>True when the set holds neither exit codes nor signals.</summary>
    public bool IsEmpty => _exitCodes.Count == 0 && _signals.Count == 0;

    /// <summary>
    /// Parses one assignment's value, or throws <see cref="UnitValueException"/>
    /// (<c>invalid exit status "x"</c>, naming the first bad word).
    /// </summary>
    public static ExitStatusSet Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var exitCodes = new SortedSet<int>();
        var signals = new SortedSet<int>();
        foreach (var word in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParseExitCode(word, out var code))
            {
                exitCodes.Add(code);
            }
            else if (SignalName.TryParseName(word, out var signal))
            {
                signals.Add(signal);
            }
            else
            {
                throw new UnitValueException($"invalid exit status {QuotedText.Quote(word)}");
            }
        }

        return exitCodes.Count == 0 && signals.Count == 0 ? Empty : new ExitStatusSet(exitCodes, signals);
    }

    /// <summary>A set holding the entries of both sets.</summary>
    public ExitStatusSet Union(ExitStatusSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.IsEmpty)
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        var exitCodes = new SortedSet<int>(_exitCodes);
        exitCodes.UnionWith(other._exitCodes);
        var signals = new SortedSet<int>(_signals);
        signals.UnionWith(other._signals);
        return new ExitStatusSet(exitCodes, signals);
    }

    /// <summary>True when <paramref name="exitCode"/> is in the set.</summary>
    public bool ContainsExitCode(int exitCode) => _exitCodes.Contains(exitCode);

    /// <summary>True when <paramref name="signal"/> is in the set.</summary>
    public bool ContainsSignal(int signal) => _signals.Contains(signal);

    /// <summary>The set as a value that parses back: exit codes first, then signal names (<c>0 75 SIGKILL</c>).</summary>
    public override string ToString() =>
        string.Join(' ', _exitCodes.Select(code => code.ToString(CultureInfo.InvariantCulture)).Concat(_signals.Select(SignalName.Format)));

    private static bool TryParseExitCode(string word, out int code)
    {
        if (ExitStatusNames.TryGetCode(word, out code))
        {
            return true;
        }

        code = 0;
        if (word.Length > 9 || !word.All(char.IsAsciiDigit))
        {
            return false;
        }

        code = int.Parse(word, NumberStyles.None, CultureInfo.InvariantCulture);
        return code <= 255;
    }
}
