using System.Globalization;
using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Units.Values;

/// <summary>
/// Linux signal names and numbers as systemd reads them for <c>KillSignal=</c> and friends:
/// <c>SIGTERM</c>, <c>TERM</c>, a number from 1 to 64, or a real-time signal written
/// <c>SIGRTMIN+n</c> / <c>SIGRTMAX-n</c>. Names are case-sensitive, as in systemd.
/// The real-time range is glibc's (34..64); 32 and 33 are reserved by the C library and only
/// reachable by number.
/// </summary>
public static class SignalName
{
    /// <summary>Smallest real-time signal number as glibc sets it.</summary>
    public const int RealTimeMin = 34;

    /// <summary>Largest signal number on Linux.</summary>
    public const int RealTimeMax = 64;

    private const string Prefix = "SIG";

    // Index = signal number; the canonical name without "SIG".
    private static readonly string?[] Names =
    [
        null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
        "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
        "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    private static readonly Dictionary<string, int> Numbers = BuildNumbers();

    /// <summary>
    /// Parses a signal name or number, or throws <see cref="UnitValueException"/>
    /// (<c>invalid signal "x"</c>).
    /// </summary>
    public static int Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TryParse(value, out var signal))
        {
            return signal;
        }

        throw new UnitValueException($"invalid signal {QuotedText.Quote(value)}");
    }

    /// <summary>Parses a signal name or number; false when it is not one.</summary>
    public static bool TryParse(string? value, out int signal)
    {
        signal = 0;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (char.IsAsciiDigit(value[0]))
        {
            return TryParseDigits(value, out signal) && signal is >= 1 and <= RealTimeMax;
        }

        return TryParseName(value, out signal);
    }

    /// <summary>
    /// Parses a signal given by name only (<c>SIGKILL</c>, <c>KILL</c>, <c>SIGRTMIN+2</c>), as
    /// the exit status lists need: there a number is an exit code, never a signal.
    /// </summary>
    public static bool TryParseName(string? value, out int signal)
    {
        signal = 0;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var name = value.StartsWith(Prefix, StringComparison.Ordinal) ? value[Prefix.Length..] : value;
        if (Numbers.TryGetValue(name, out signal))
        {
            return true;
        }

        return TryParseRealTime(name, "RTMIN", +1, RealTimeMin, out signal)
            || TryParseRealTime(name, "RTMAX", -1, RealTimeMax, out signal);
    }

    /// <summary>
    /// Formats a signal number: <c>SIGTERM</c>, <c>SIGRTMIN+3</c>, or the bare number for 32
    /// and 33, which have no name (the number parses back).
    /// </summary>
    public static string Format(int signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(signal, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(signal, RealTimeMax);
        if (signal < Names.Length)
        {
            return Prefix + Names[signal];
        }

        if (signal >= RealTimeMin)
        {
            return string.Create(CultureInfo.InvariantCulture, $"SIGRTMIN+{signal - RealTimeMin}");
        }

        return signal.ToString(CultureInfo.InvariantCulture);
    }

    private static bool TryParseRealTime(string name, string baseName, int direction, int baseSignal, out int signal)
    {
        signal = 0;
        if (!name.StartsWith(baseName, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = name.AsSpan(baseName.Length);
        if (rest.IsEmpty)
        {
            signal = baseSignal;
            return true;
        }

        var sign = direction > 0 ? '+' : '-';
        if (rest[0] != sign || !TryParseDigits(rest[1..], out var offset) || offset > RealTimeMax - RealTimeMin)
        {
            return false;
        }

        signal = baseSignal + (direction * offset);
        return true;
    }

    // Plain ASCII digits only: no sign, no spaces, no hex, so "+15" or " 15" are not signals.
    private static bool TryParseDigits(ReadOnlySpan<char> text, out int number)
    {
        number = 0;
        if (text.IsEmpty || text.Length > 9)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return true;
    }

    private static Dictionary<string, int> BuildNumbers()
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var signal = 1; signal < Names.Length; signal++)
        {
            numbers[Names[signal]!] = signal;
        }

        // Aliases glibc and kill(1) accept; they format under their canonical names.
        numbers["IOT"] = 6;
        numbers["POLL"] = 29;
        return numbers;
    }
}
