using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Units.Environments;

/// <summary>
/// One <c>EnvironmentFile=</c> entry: an absolute path, optional when written with a leading
/// <c>-</c> (a missing file is then not an error). Reading the file, and systemd's glob
/// patterns in the path, are the runner's business.
/// </summary>
/// <param name="Path">The absolute path, without the <c>-</c>.</param>
/// <param name="IsOptional">True when the path was prefixed with <c>-</c>.</param>
public sealed record EnvironmentFileReference(string Path, bool IsOptional)
{
    /// <summary>
    /// Parses <paramref name="value"/>, or throws <see cref="UnitValueException"/> with
    /// <c>EnvironmentFile path is not absolute: "x"</c> (x without the <c>-</c>).
    /// </summary>
    public static EnvironmentFileReference Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        var isOptional = text.StartsWith('-');
        var path = isOptional ? text[1..] : text;
        if (!path.StartsWith('/'))
        {
            throw new UnitValueException($"EnvironmentFile path is not absolute: {QuotedText.Quote(path)}");
        }

        return new EnvironmentFileReference(path, isOptional);
    }

    /// <summary>The entry as written in a unit file (<c>-/etc/default/app</c>).</summary>
    public override string ToString() => IsOptional ? "-" + Path : Path;
}
