using System.Security.Cryptography;
using System.Text;

namespace Flotilla.Units.Syntax;

/// <summary>
/// A parsed unit file: every assignment in the order written, which is also the order fleet
/// serializes them in. The text is immutable: the hash of a unit never changes once computed.
/// </summary>
public sealed class UnitFile
{
    private string? _normalizedText;
    private string? _hash;

    public UnitFile(string fileName, IReadOnlyList<UnitOption> options)
    {
        FileName = fileName;
        Options = options;
    }

    /// <summary>The name the unit was read under (a path or a bare unit name); used in diagnostics.</summary>
    public string FileName { get; }

    /// <summary>All assignments in file order, empty assignments included (they take part in the hash).</summary>
    public IReadOnlyList<UnitOption> Options { get; }

    /// <summary>
    /// The text fleet hashes and <c>cat</c> prints: sections in first-seen order with repeated sections
    /// merged, each option <c>Name=Value\n</c>, one blank line between sections, comments dropped.
    /// </summary>
    public string NormalizedText => _normalizedText ??= UnitNormalizer.Normalize(Options);

    /// <summary>SHA-1 of <see cref="NormalizedText"/> in lower-case hex, exactly as fleet computes it.</summary>
    public string Hash => _hash ??= ComputeHash(NormalizedText);

    /// <summary>The first seven hex characters of <see cref="Hash"/>, as fleetctl shows it.</summary>
    public string ShortHash => Hash[..7];

    public bool HasSection(string section)
    {
        foreach (var option in Options)
        {
            if (option.Section == section)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every assignment of <paramref name="name"/> in <paramref name="section"/>, in order, empty ones included.</summary>
    public IReadOnlyList<UnitOption> All(string section, string name)
    {
        List<UnitOption>? found = null;
        foreach (var option in Options)
        {
            if (option.Name == name && option.Section == section)
            {
                (found ??= []).Add(option);
            }
        }

        return found ?? (IReadOnlyList<UnitOption>)[];
    }

    /// <summary>The last assignment of a single-value key (systemd: last wins), or null.</summary>
    public UnitOption? Last(string section, string name)
    {
        for (var i = Options.Count - 1; i >= 0; i--)
        {
            var option = Options[i];
            if (option.Name == name && option.Section == section)
            {
                return option;
            }
        }

        return null;
    }

    /// <summary>
    /// The assignments of a list key after systemd's reset rule: an empty assignment discards every
    /// earlier one, so only the non-empty assignments after the last empty one count.
    /// </summary>
    public IReadOnlyList<UnitOption> List(string section, string name)
    {
        List<UnitOption>? found = null;
        foreach (var option in Options)
        {
            if (option.Name != name || option.Section != section)
            {
                continue;
            }

            if (option.Value.Length == 0)
            {
                found?.Clear();
            }
            else
            {
                (found ??= []).Add(option);
            }
        }

        return found ?? (IReadOnlyList<UnitOption>)[];
    }

    private static string ComputeHash(string text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        var buffer = byteCount <= 4096 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(text, buffer);
        Span<byte> digest = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // SHA-1 is not used for security: it is fleet's unit identity and must match fleet's.
        SHA1.HashData(buffer, digest);
#pragma warning restore CA5350
        return Convert.ToHexStringLower(digest);
    }
}
