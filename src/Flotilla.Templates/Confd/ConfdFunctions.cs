using System.Globalization;
using System.Text;
using Flotilla.Templates.Execution;
using Flotilla.Templates.Formatting;

namespace Flotilla.Templates.Confd;

/// <summary>
/// confd's template function map with confd's behaviour (signatures as in Go; errors verbatim):
/// the store functions over an <see cref="IKeyValueSource"/> plus base, dir, split, join, json, jsonArray, map,
/// getenv, datetime, toUpper, toLower, contains, replace, trimSuffix, lookupIP(V4/V6), lookupSRV, fileExists,
/// base64Encode/Decode, parseBool, reverse, sortByLength, sortKVByLength, add, sub, mul, div, mod, seq, atoi.
/// </summary>
public static class ConfdFunctions
{
    /// <summary>The functions for one render over <paramref name="source"/>.</summary>
    public static IReadOnlyDictionary<string, TemplateFunction> Create(IKeyValueSource source, ConfdHost? host = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        host ??= ConfdHost.System;
        var store = new KeyValueFunctions(source);
        var functions = new Dictionary<string, Delegate>(StringComparer.Ordinal)
        {
            // memkv's store
            ["exists"] = store.Exists,
            ["ls"] = store.List,
            ["lsdir"] = store.ListDir,
            ["get"] = store.Get,
            ["gets"] = (Func<string, object>)store.GetAll,
            ["getv"] = store.GetValue,
            ["getvs"] = store.GetAllValues,

            // confd's own
            ["base"] = GoPath.Base,
            ["dir"] = GoPath.Dir,
            ["split"] = Split,
            ["join"] = (string[] elements, string separator) => string.Join(separator, elements),
            ["json"] = (Func<string, object?>)DecodeObject,
            ["jsonArray"] = (Func<string, object?>)DecodeArray,
            ["map"] = (Func<object?[], object>)CreateMap,
            ["getenv"] = (string key, params string[] defaults) => GetEnvironment(host, key, defaults),
            ["datetime"] = (Func<object>)(() => new GoTime(host.Time.GetLocalNow())),
            ["toUpper"] = (string s) => s.ToUpperInvariant(),
            ["toLower"] = (string s) => s.ToLowerInvariant(),
            ["contains"] = (string s, string substring) => s.Contains(substring, StringComparison.Ordinal),
            ["replace"] = Replace,
            ["trimSuffix"] = (string s, string suffix) => suffix.Length > 0 && s.EndsWith(suffix, StringComparison.Ordinal) ? s[..^suffix.Length] : s,
            ["lookupIP"] = (string name) => LookupIP(host, name, _ => true),
            ["lookupIPV4"] = (string name) => LookupIP(host, name, ip => ip.Contains('.', StringComparison.Ordinal)),
            ["lookupIPV6"] = (string name) => LookupIP(host, name, ip => ip.Contains(':', StringComparison.Ordinal)),
            ["lookupSRV"] = (Func<string, string, string, object>)((service, proto, name) => LookupSrv(host, service, proto, name)),
            ["fileExists"] = (string path) => File.Exists(path) || Directory.Exists(path),
            ["base64Encode"] = GoBase64.Encode,
            ["base64Decode"] = GoBase64.Decode,
            ["parseBool"] = ParseBool,
            ["reverse"] = (Func<object?, object?>)Reverse,
            ["sortByLength"] = (Func<object?, object?>)SortByLength,
            ["sortKVByLength"] = (Func<object?, object?>)SortKVByLength,
            ["add"] = (long a, long b) => unchecked(a + b),
            ["sub"] = (long a, long b) => unchecked(a - b),
            ["mul"] = (long a, long b) => unchecked(a * b),
            ["div"] = Divide,
            ["mod"] = Modulo,
            ["seq"] = Sequence,
            ["atoi"] = Atoi,
        };
        return functions.ToDictionary(f => f.Key, f => new TemplateFunction(f.Value), StringComparer.Ordinal);
    }

    private static string[] Split(string s, string separator)
    {
        if (separator.Length == 0)
        {
            // Go splits into UTF-8 sequences.
            return s.EnumerateRunes().Select(r => r.ToString()).ToArray();
        }
        return s.Split(separator);
    }

    private static object? DecodeObject(string data)
    {
        var (value, kind) = GoJson.Decode(data);
        return kind switch
        {
            "object" => value,
            "null" => new GoMap(GoValues.Interface, GoMap.NewEntries()),
            _ => throw new TemplateFunctionException($"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"),
        };
    }

    private static object? DecodeArray(string data)
    {
        var (value, kind) = GoJson.Decode(data);
        return kind switch
        {
            "array" => value,
            "null" => new GoSlice(GoValues.Interface, []),
            _ => throw new TemplateFunctionException($"json: cannot unmarshal {kind} into Go value of type []interface {{}}"),
        };
    }

    private static object CreateMap(params object?[] values)
    {
        if (values.Length % 2 != 0)
        {
            throw new TemplateFunctionException("invalid map call");
        }
        var entries = GoMap.NewEntries();
        for (var i = 0; i < values.Length; i += 2)
        {
            if (values[i] is not string key)
            {
                throw new TemplateFunctionException("map keys must be strings");
            }
            entries[key] = values[i + 1];
        }
        return new GoMap(GoValues.Interface, entries);
    }

    private static string GetEnvironment(ConfdHost host, string key, string[] defaults)
    {
        var value = host.GetEnvironmentVariable(key);
        return string.IsNullOrEmpty(value) ? (defaults.Length > 0 ? defaults[0] : "") : value;
    }

    /// <summary>Go's strings.Replace: at most n replacements (all when n &lt; 0); an empty old inserts between runes.</summary>
    private static string Replace(string s, string old, string replacement, long n)
    {
        if (old == replacement || n == 0)
        {
            return s;
        }
        var builder = new StringBuilder();
        var done = 0L;
        if (old.Length == 0)
        {
            var runes = s.EnumerateRunes().ToArray();
            for (var i = 0; i <= runes.Length; i++)
            {
                if (n < 0 || done < n)
                {
                    builder.Append(replacement);
                    done++;
                }
                if (i < runes.Length)
                {
                    builder.Append(runes[i].ToString());
                }
            }
            return builder.ToString();
        }
        var start = 0;
        while (n < 0 || done < n)
        {
            var found = s.IndexOf(old, start, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }
            builder.Append(s, start, found - start).Append(replacement);
            start = found + old.Length;
            done++;
        }
        builder.Append(s, start, s.Length - start);
        return builder.ToString();
    }

    private static string[] LookupIP(ConfdHost host, string name, Func<string, bool> keep)
    {
        var addresses = host.Dns.LookupHost(name).Select(a => a.ToString()).Where(keep).ToArray();
        Array.Sort(addresses, string.CompareOrdinal);
        return addresses;
    }

    private static object LookupSrv(ConfdHost host, string service, string proto, string name)
    {
        var query = service.Length == 0 && proto.Length == 0 ? name : $"_{service}._{proto}.{name}";
        // confd orders the records by the text of target, port, priority and weight.
        var records = host.Dns.LookupSrv(query)
            .OrderBy(r => string.Create(CultureInfo.InvariantCulture, $"{r.Target}{r.Port}{r.Priority}{r.Weight}"), StringComparer.Ordinal)
            .Cast<object?>()
            .ToArray();
        return new GoSlice("[]*net.SRV", "*net.SRV", records);
    }

    private static bool ParseBool(string text) => text switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => throw new TemplateFunctionException($"strconv.ParseBool: parsing {GoQuoting.Quote(text)}: invalid syntax"),
    };

    /// <summary>Reverses []string and []memkv.KVPair in place; anything else (memkv.KVPairs too) comes back unchanged.</summary>
    private static object? Reverse(object? values)
    {
        if (values is GoSlice { TypeName: "[]string" or "[]memkv.KVPair" } slice)
        {
            Array.Reverse(slice.Items);
        }
        return values;
    }

    /// <summary>Sorts a []string by byte length in place (Go's sort.Sort; ties keep their order) and returns it.</summary>
    private static object? SortByLength([GoTypeName("[]string")] object? values)
    {
        var slice = (GoSlice)values!;
        SortInPlace(slice.Items, item => Encoding.UTF8.GetByteCount((string)item!));
        return slice;
    }

    /// <summary>Sorts KV pairs by key length in place; the result is a []memkv.KVPair sharing the elements.</summary>
    private static object? SortKVByLength([GoTypeName("[]memkv.KVPair")] object? values)
    {
        var slice = (GoSlice)values!;
        SortInPlace(slice.Items, item => Encoding.UTF8.GetByteCount(((KVPair)item!).Key));
        return new GoSlice("memkv.KVPair", slice.Items);
    }

    private static void SortInPlace(object?[] items, Func<object?, int> length)
    {
        var sorted = items.OrderBy(length).ToArray();
        sorted.CopyTo(items, 0);
    }

    private static long Divide(long a, long b) => b switch
    {
        0 => throw new DivideByZeroException(),
        -1 => unchecked(-a),
        _ => a / b,
    };

    private static long Modulo(long a, long b) => b switch
    {
        0 => throw new DivideByZeroException(),
        -1 => 0,
        _ => a % b,
    };

    private static long[] Sequence(long first, long last)
    {
        var values = new List<long>();
        for (var i = first; i <= last; i++)
        {
            values.Add(i);
        }
        return [.. values];
    }

    private static long Atoi(string text)
    {
        var digits = text.StartsWith('+') || text.StartsWith('-') ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            throw new TemplateFunctionException($"strconv.Atoi: parsing {GoQuoting.Quote(text)}: invalid syntax");
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new TemplateFunctionException($"strconv.Atoi: parsing {GoQuoting.Quote(text)}: value out of range");
        }
        return value;
    }
}
