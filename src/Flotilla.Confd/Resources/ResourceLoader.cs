using System.Globalization;
using Flotilla.Confd.Toml;

namespace Flotilla.Confd.Resources;

/// <summary>
/// Reads <c>CONFDIR/conf.d/**/*.toml</c> (sorted by path) into resources whose sources live in
/// <c>CONFDIR/templates/</c>. One bad file fails the whole load, before anything renders, with a message
/// naming the file and line.
/// </summary>
public static class ResourceLoader
{
    /// <exception cref="TomlException">A file is not valid TOML or not a valid resource.</exception>
    public static IReadOnlyList<TemplateResource> Load(string confDirectory, ResourceDefaults defaults)
    {
        var confD = Path.Combine(confDirectory, "conf.d");
        if (!Directory.Exists(confD))
        {
            throw new TomlException(confD, 0, "the directory does not exist");
        }
        var files = Directory.EnumerateFiles(confD, "*.toml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        return files.Select(f => Read(f, Path.Combine(confDirectory, "templates"), defaults)).ToArray();
    }

    public static TemplateResource Read(string file, string templateDirectory, ResourceDefaults defaults)
    {
        var document = TomlReader.ReadFile(file);
        if (!document.TryGet("template", out var section) || section is not TomlTable table)
        {
            throw new TomlException(file, 1, "no [template] table");
        }

        var source = String(file, table, "src") ?? throw new TomlException(file, table.Line, "[template] has no src");
        var destination = String(file, table, "dest") ?? throw new TomlException(file, table.Line, "[template] has no dest");
        var prefix = defaults.Prefix ?? String(file, table, "prefix") ?? "";
        if (!prefix.StartsWith('/'))
        {
            prefix = "/" + prefix;
        }

        var wait = defaults.Wait;
        if (String(file, table, "wait") is { } waitText && !WaitWindow.TryParse(waitText, out wait, out var problem))
        {
            throw new TomlException(file, table.LineOf("wait"), problem);
        }

        return new TemplateResource
        {
            ConfigFile = file,
            Source = Path.Combine(templateDirectory, source),
            Destination = destination,
            Keys = Strings(file, table, "keys"),
            Prefix = prefix,
            Mode = Mode(file, table),
            Uid = Integer(file, table, "uid") is { } uid ? checked((int)uid) : null,
            Gid = Integer(file, table, "gid") is { } gid ? checked((int)gid) : null,
            CheckCommand = String(file, table, "check_cmd"),
            ReloadCommand = String(file, table, "reload_cmd"),
            Wait = wait,
            MinKeys = Integer(file, table, "min_keys") is { } minKeys ? (int)Math.Clamp(minKeys, 0, int.MaxValue) : defaults.MinKeys,
        };
    }

    /// <summary>confd parses mode with Go's ParseUint(mode, 0, 32): "0644" is octal, "644" decimal, "0x1a4" hex; only permission bits apply.</summary>
    private static UnixFileMode? Mode(string file, TomlTable table)
    {
        if (String(file, table, "mode") is not { Length: > 0 } text)
        {
            return null;
        }
        var digits = text.Replace("_", "", StringComparison.Ordinal);
        try
        {
            ulong value = digits.Length > 1 && digits[0] == '0'
                ? char.ToLowerInvariant(digits[1]) switch
                {
                    'x' => Convert.ToUInt64(digits[2..], 16),
                    'o' => Convert.ToUInt64(digits[2..], 8),
                    'b' => Convert.ToUInt64(digits[2..], 2),
                    _ => Convert.ToUInt64(digits[1..], 8),
                }
                : ulong.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            if (value > uint.MaxValue)
            {
                throw new OverflowException();
            }
            return (UnixFileMode)(value & 0b111_111_111);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new TomlException(file, table.LineOf("mode"), $"mode \"{text}\" is not a number (write octal as \"0644\")");
        }
    }

    private static string? String(string file, TomlTable table, string key)
    {
        if (!table.TryGet(key, out var value))
        {
            return null;
        }
        return value as string ?? throw new TomlException(file, table.LineOf(key), $"{key} must be a string");
    }

    private static long? Integer(string file, TomlTable table, string key)
    {
        if (!table.TryGet(key, out var value))
        {
            return null;
        }
        return value is long number ? number : throw new TomlException(file, table.LineOf(key), $"{key} must be an integer");
    }

    private static string[] Strings(string file, TomlTable table, string key)
    {
        if (!table.TryGet(key, out var value))
        {
            return [];
        }
        if (value is List<object> items && items.All(i => i is string))
        {
            return items.Cast<string>().ToArray();
        }
        throw new TomlException(file, table.LineOf(key), $"{key} must be a list of strings");
    }
}
