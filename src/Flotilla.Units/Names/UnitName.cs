using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Flotilla.Units.Diagnostics;

namespace Flotilla.Units.Names;

/// <summary>
/// A validated unit name such as <c>web.service</c>, <c>web@.service</c> (template) or
/// <c>web@1.service</c> (instance).
/// </summary>
/// <remarks>
/// Checks run in this order and the first failure is reported: empty, length (at most 255
/// characters), contains <c>.</c>, does not end in <c>.</c>, known type suffix, does not start with
/// <c>@</c>, allowed characters, <c>@</c> only with a type that can be templated. The type is checked
/// before the characters so that <c>foo.bar</c> is reported as a bad type rather than a bad name.
/// The length counts UTF-16 characters (any non-ASCII character is rejected by the character check
/// anyway). Equality is ordinal on the full name.
/// </remarks>
public sealed class UnitName : IEquatable<UnitName>
{
    /// <summary>systemd's UNIT_NAME_MAX is 256 bytes including the terminating NUL.</summary>
    public const int MaxLength = 255;

    private static readonly SearchValues<char> AllowedCharacters = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:_.\\@-");

    private UnitName(string name, int at, int dot)
    {
        Name = name;
        Type = name[(dot + 1)..];
        NameWithoutSuffix = name[..dot];
        if (at < 0)
        {
            Prefix = NameWithoutSuffix;
            Instance = string.Empty;
        }
        else
        {
            Prefix = name[..at];
            Instance = name[(at + 1)..dot];
            Template = string.Concat(Prefix, "@.", Type);
        }
    }

    /// <summary>The full name, e.g. <c>foo@bar.service</c>.</summary>
    public string Name { get; }

    /// <summary>The part before the first <c>@</c>, or before the type suffix when there is no <c>@</c>.</summary>
    public string Prefix { get; }

    /// <summary>Everything after the first <c>@</c> up to the type suffix; empty for templates and plain units.</summary>
    public string Instance { get; }

    /// <summary>The type suffix without its dot, e.g. <c>service</c>.</summary>
    public string Type { get; }

    /// <summary>The name without <c>.</c> and the type suffix (what <c>%N</c> expands to).</summary>
    public string NameWithoutSuffix { get; }

    /// <summary>For templates and instances the template's name (<c>foo@.service</c>); otherwise null.</summary>
    public string? Template { get; }

    /// <summary>A template such as <c>foo@.service</c>: it has an <c>@</c> and an empty instance.</summary>
    public bool IsTemplate => Template is not null && Instance.Length == 0;

    /// <summary>An instance such as <c>foo@1.service</c>: it has an <c>@</c> and a non-empty instance.</summary>
    public bool IsInstance => Instance.Length > 0;

    /// <exception cref="UnitValueException">The name is not valid; the message is fleet's text.</exception>
    public static UnitName Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var error = Check(name, out var at, out var dot);
        return error is null ? new UnitName(name, at, dot) : throw new UnitValueException(error);
    }

    public static bool TryParse([NotNullWhen(true)] string? name, [NotNullWhen(true)] out UnitName? unitName)
    {
        if (name is not null && Check(name, out var at, out var dot) is null)
        {
            unitName = new UnitName(name, at, dot);
            return true;
        }

        unitName = null;
        return false;
    }

    /// <summary>Returns the user-facing error for an invalid name, or null when the name is valid.</summary>
    public static string? Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Check(name, out _, out _);
    }

    /// <summary>
    /// fleetctl's argument mangling: keeps the base name of a path (<c>dir/foo.service</c> becomes
    /// <c>foo.service</c>) and appends <c>.service</c> unless the name already ends in one of the
    /// suffixes fleetctl recognises (service socket timer path device mount automount).
    /// </summary>
    /// <remarks>
    /// The result is not validated; pass it to <see cref="Parse"/>. Like fleetctl, other real types
    /// are not recognised here, so <c>foo.target</c> becomes <c>foo.target.service</c>.
    /// </remarks>
    /// <exception cref="UnitValueException">The argument has no base name (empty, or only slashes).</exception>
    public static string Mangle(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);

        // A trailing slash does not make the last component empty (as with Go's path.Base).
        var trimmed = argument.TrimEnd('/');
        var baseName = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        if (baseName.Length == 0)
        {
            throw new UnitValueException("unit name cannot be empty");
        }

        return HasMangleSuffix(baseName) ? baseName : baseName + ".service";
    }

    /// <summary>Makes the instance <paramref name="instance"/> of this template: <c>foo@.service</c> + <c>1</c> is <c>foo@1.service</c>.</summary>
    /// <exception cref="InvalidOperationException">This name is not a template.</exception>
    /// <exception cref="UnitValueException">The instance is empty or makes an invalid name.</exception>
    public UnitName Instantiate(string instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!IsTemplate)
        {
            throw new InvalidOperationException($"\"{Name}\" is not a template");
        }

        if (instance.Length == 0)
        {
            throw new UnitValueException("instance name cannot be empty");
        }

        return Parse(string.Concat(Prefix, "@", instance, ".", Type));
    }

    public bool Equals(UnitName? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as UnitName);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    public override string ToString() => Name;

    public static bool operator ==(UnitName? left, UnitName? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(UnitName? left, UnitName? right) => !(left == right);

    private static string? Check(string name, out int at, out int dot)
    {
        at = -1;
        dot = -1;
        if (name.Length == 0)
        {
            return "unit name cannot be empty";
        }

        if (name.Length > MaxLength)
        {
            return $"unit name exceeds maximum length ({MaxLength})";
        }

        dot = name.LastIndexOf('.');
        if (dot < 0)
        {
            return "unit name must contain \".\"";
        }

        if (dot == name.Length - 1)
        {
            return "unit name cannot end in \".\"";
        }

        var type = name.AsSpan(dot + 1);
        if (!IsKnownType(type))
        {
            return $"invalid unit type: {QuotedText.Quote(type.ToString())}";
        }

        if (name[0] == '@')
        {
            return "unit name cannot start in \"@\"";
        }

        var stem = name.AsSpan(0, dot);
        var bad = stem.IndexOfAnyExcept(AllowedCharacters);
        if (bad >= 0)
        {
            // Report the whole code point, so an emoji is not shown as half a surrogate pair.
            Rune.DecodeFromUtf16(stem[bad..], out var rune, out _);
            return $"invalid character '{rune}' in unit name";
        }

        at = stem.IndexOf('@');
        if (at >= 0 && !CanBeTemplated(type))
        {
            return $"invalid unit type for template: {QuotedText.Quote(type.ToString())}";
        }

        return null;
    }

    private static bool IsKnownType(ReadOnlySpan<char> type) =>
        type is "service" or "socket" or "device" or "mount" or "automount" or "swap"
            or "target" or "path" or "timer" or "slice" or "scope";

    private static bool CanBeTemplated(ReadOnlySpan<char> type) =>
        type is "path" or "service" or "socket" or "target" or "timer";

    private static bool HasMangleSuffix(string name) =>
        name.EndsWith(".service", StringComparison.Ordinal)
        || name.EndsWith(".socket", StringComparison.Ordinal)
        || name.EndsWith(".timer", StringComparison.Ordinal)
        || name.EndsWith(".path", StringComparison.Ordinal)
        || name.EndsWith(".device", StringComparison.Ordinal)
        || name.EndsWith(".mount", StringComparison.Ordinal)
        || name.EndsWith(".automount", StringComparison.Ordinal);
}
