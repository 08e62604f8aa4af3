using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Units.Values;

/// <summary>
/// Boolean values as systemd reads them (systemd.syntax(7)): <c>1 yes y true t on</c> and
/// <c>0 no n false f off</c>, in any case. Surrounding whitespace is ignored so a value taken
/// from anywhere (command line, drop-in) reads the same as one the unit parser already trimmed.
/// </summary>
public static class SystemdBoolean
{
    private static readonly string[] TrueWords = ["1", "yes", "y", "true", "t", "on"];
    private static readonly string[] FalseWords = ["0", "no", "n", "false", "f", "off"];

    /// <summary>Parses <paramref name="value"/> or throws <see cref="UnitValueException"/> (<c>invalid boolean "x"</c>).</summary>
    public static bool Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TryParse(value, out var result))
        {
            return result;
        }

        throw new UnitValueException($"invalid boolean {QuotedText.Quote(value)}");
    }

    /// <summary>Parses <paramref name="value"/>; false when it is not one of the accepted words.</summary>
    public static bool TryParse(string? value, out bool result)
    {
        result = false;
        if (value is null)
        {
            return false;
        }

        var word = value.Trim();
        if (Matches(word, TrueWords))
        {
            result = true;
            return true;
        }

        return Matches(word, FalseWords);
    }

    private static bool Matches(string word, string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (string.Equals(word, candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
