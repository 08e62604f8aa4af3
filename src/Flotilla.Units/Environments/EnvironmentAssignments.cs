using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Units.Environments;

/// <summary>
/// The value of one <c>Environment=</c> line: whitespace-separated <c>NAME=value</c> words with
/// systemd's quoting and C escapes (<c>"A=x y" B=z</c>, <c>C="1 2"</c>, <c>D=a\tb</c>).
/// systemd logs and skips a bad word; we refuse it so a typo cannot silently drop a variable.
/// The empty value (which resets the list) is the caller's business and parses to no assignments.
/// </summary>
public static class EnvironmentAssignments
{
    /// <summary>
    /// Parses <paramref name="value"/> in order, or throws <see cref="UnitValueException"/> with
    /// <c>invalid environment assignment "word"</c> for a word that is not <c>NAME=value</c>, or
    /// <c>invalid environment assignment "value": reason</c> for bad quoting or escapes.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!QuotedWords.TrySplit(value, out var words, out var error))
        {
            throw new UnitValueException($"invalid environment assignment {QuotedText.Quote(value)}: {error}");
        }

        var assignments = new List<KeyValuePair<string, string>>(words.Count);
        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 || !EnvironmentVariableName.IsValid(word.AsSpan(0, equals)))
            {
                throw new UnitValueException($"invalid environment assignment {QuotedText.Quote(word)}");
            }

            assignments.Add(new KeyValuePair<string, string>(word[..equals], word[(equals + 1)..]));
        }

        return assignments;
    }
}
