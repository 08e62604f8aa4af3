using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Units.Environments;

/// <summary>
/// The value of one <c>UnsetEnvironment=</c> line: whitespace-separated entries, quoted like
/// <c>Environment=</c>, each either <c>NAME</c> (remove the variable) or <c>NAME=VALUE</c>
/// (remove it only while it has exactly that value). See <see cref="EnvironmentComposer"/>.
/// </summary>
public static class UnsetEnvironment
{
    /// <summary>
    /// Parses <paramref name="value"/>, or throws <see cref="UnitValueException"/> with
    /// <c>invalid environment variable "x"</c> (or <c>invalid environment variable "value": reason</c>
    /// for bad quoting or escapes).
    /// </summary>
    public static IReadOnlyList<string> Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!QuotedWords.TrySplit(value, out var words, out var error))
        {
            throw new UnitValueException($"invalid environment variable {QuotedText.Quote(value)}: {error}");
        }

        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? word.AsSpan() : word.AsSpan(0, equals);
            if (!EnvironmentVariableName.IsValid(name))
            {
                throw new UnitValueException($"invalid environment variable {QuotedText.Quote(word)}");
            }
        }

        return words;
    }
}
