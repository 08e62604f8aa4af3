using System.Globalization;
using System.Runtime.CompilerServices;
using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Units.Specifiers;

/// <summary>
/// Expands systemd's <c>%</c> specifiers (systemd.unit(5), "Specifiers") for one unit on one host.
/// </summary>
/// <remarks>
/// Supported: <c>%n %N %p %P %i %I %f %j %J %H %l %m %b %v %t %S %C %L %E %T %u %U %h %g %G %s %%</c>.
/// Any other letter is an error, as in systemd, so a typo is not passed on silently. The unescaped
/// forms are computed once per expander; an instance or prefix that is not validly escaped makes
/// <c>%I</c>, <c>%P</c>, <c>%J</c> or <c>%f</c> fail with <see cref="UnitValueException"/>.
/// </remarks>
public sealed class SpecifierExpander
{
    private readonly UnitName _unit;
    private readonly IHostFacts _host;

    // Filled on first use; a race only computes the same immutable string twice.
    private string? _unescapedPrefix;
    private string? _unescapedInstance;
    private string? _fileName;
    private string? _finalComponent;
    private string? _unescapedFinalComponent;
    private string? _shortHostName;

    public SpecifierExpander(UnitName unit, IHostFacts host)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(host);
        _unit = unit;
        _host = host;
    }

    /// <summary>Expands every specifier in <paramref name="text"/>; text without <c>%</c> is returned as is.</summary>
    /// <exception cref="UnitValueException">
    /// <c>unknown specifier "%x"</c> for a letter systemd does not define (or we do not support), and
    /// <c>unfinished specifier at end of "TEXT"</c> for a lone trailing <c>%</c>.
    /// </exception>
    public string Expand(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var percent = text.IndexOf('%', StringComparison.Ordinal);
        if (percent < 0)
        {
            return text;
        }

        // A stack buffer that spills into the array pool: the only allocation is the result.
        var builder = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        var start = 0;
        do
        {
            builder.AppendFormatted(text.AsSpan(start, percent - start));
            if (percent == text.Length - 1)
            {
                throw new UnitValueException($"unfinished specifier at end of {QuotedText.Quote(text)}");
            }

            builder.AppendFormatted(Resolve(text, percent + 1));
            start = percent + 2;
            percent = start < text.Length ? text.IndexOf('%', start) : -1;
        }
        while (percent >= 0);

        builder.AppendFormatted(text.AsSpan(start));
        return builder.ToStringAndClear();
    }

    /// <summary>
    /// fleet's expansion in [X-Fleet] values: only <c>%n %N %p %i</c> are replaced; any other
    /// <c>%</c> (including <c>%%</c>) is kept as it is and never an error.
    /// </summary>
    /// <remarks>
    /// A single left-to-right pass. fleet replaced each specifier over the whole text in turn, so
    /// text it had inserted could be expanded again (<c>%%n</c> with a name starting in <c>p</c>);
    /// that accident is not reproduced. Otherwise the results are the same: <c>%%n</c> gives
    /// <c>%</c> followed by the name, as it did in fleet.
    /// </remarks>
    public static string ExpandFleet(string text, UnitName unit)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(unit);
        var percent = text.IndexOf('%', StringComparison.Ordinal);
        if (percent < 0)
        {
            return text;
        }

        var builder = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        var start = 0;
        while (percent >= 0 && percent < text.Length - 1)
        {
            var value = text[percent + 1] switch
            {
                'n' => unit.Name,
                'N' => unit.NameWithoutSuffix,
                'p' => unit.Prefix,
                'i' => unit.Instance,
                _ => null,
            };

            if (value is null)
            {
                // Keep the '%' and look at the next character again: it may start a specifier.
                builder.AppendFormatted(text.AsSpan(start, percent + 1 - start));
                start = percent + 1;
            }
            else
            {
                builder.AppendFormatted(text.AsSpan(start, percent - start));
                builder.AppendFormatted(value);
                start = percent + 2;
            }

            percent = text.IndexOf('%', start);
        }

        builder.AppendFormatted(text.AsSpan(start));
        return builder.ToStringAndClear();
    }

    private string Resolve(string text, int index) => text[index] switch
    {
        'n' => _unit.Name,
        'N' => _unit.NameWithoutSuffix,
        'p' => _unit.Prefix,
        'P' => _unescapedPrefix ??= UnitNameEscaper.Unescape(_unit.Prefix),
        'i' => _unit.Instance,
        'I' => _unescapedInstance ??= UnitNameEscaper.Unescape(_unit.Instance),
        'f' => _fileName ??= UnitNameEscaper.UnescapePath(_unit.IsInstance ? _unit.Instance : _unit.Prefix),
        'j' => FinalComponent,
        'J' => _unescapedFinalComponent ??= UnitNameEscaper.Unescape(FinalComponent),
        'H' => _host.HostName,
        'l' => _shortHostName ??= ShortHostName(_host.HostName),
        'm' => _host.MachineId,
        'b' => _host.BootId,
        'v' => _host.KernelRelease,
        't' => _host.RuntimeDirectory,
        'S' => _host.StateDirectory,
        'C' => _host.CacheDirectory,
        'L' => _host.LogsDirectory,
        'E' => _host.ConfigurationDirectory,
        'T' => _host.TemporaryDirectory,
        'u' => _host.UserName,
        'U' => _host.UserId,
        'h' => _host.HomeDirectory,
        'g' => _host.GroupName,
        'G' => _host.GroupId,
        's' => _host.Shell,
        '%' => "%",
        _ => throw new UnitValueException($"unknown specifier {QuotedText.Quote("%" + SpecifierLetter(text, index))}"),
    };

    // What follows the prefix's last '-' (the whole prefix without one), e.g. "c" for "a-b-c@1.service".
    private string FinalComponent => _finalComponent ??= _unit.Prefix[(_unit.Prefix.LastIndexOf('-') + 1)..];

    private static string ShortHostName(string hostName)
    {
        var dot = hostName.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? hostName : hostName[..dot];
    }

    // The whole code point, so "%" followed by an emoji is reported readably.
    private static string SpecifierLetter(string text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length ? text.Substring(index, 2) : text[index].ToString();
}
