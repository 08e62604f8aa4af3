using System.Text.RegularExpressions;
using Flotilla.Templates.Confd;

namespace Flotilla.Templates.Tests;

/// <summary>
/// Renders every case of ../shared/conformance/confd (keys.txt + resource.toml + template.tmpl) through the
/// engine and confd's function map, without the CLI, and compares with expected.txt byte for byte (or with
/// expected_error.txt, confd's error message). The case files are read where they are, never copied.
/// </summary>
public sealed partial class ConfdConformanceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(CasesDirectory()).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(directory, "template.tmpl")))
            {
                data.Add(Path.GetFileName(directory));
            }
        }
        return data;
    }

    private static string CasesDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Flotilla.slnx")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "conformance", "confd"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_renders_as_confd_does(string name)
    {
        var directory = Path.Combine(CasesDirectory(), name);
        var stored = ReadPairs(Path.Combine(directory, "keys.txt"));
        var environment = ReadPairs(Path.Combine(directory, "env.txt")).ToDictionary(p => p.Key, p => p.Value);
        var resource = File.ReadAllText(Path.Combine(directory, "resource.toml"));
        var globalPrefixFile = Path.Combine(directory, "global_prefix.txt");
        var prefix = File.Exists(globalPrefixFile)
            ? GlobalPrefix(File.ReadAllText(globalPrefixFile).Trim())
            : ResourcePrefix(resource);
        var snapshot = KeyValueSnapshot.ForResource(prefix, ResourceKeys(resource), stored);
        var host = ConfdHost.System with { GetEnvironmentVariable = key => environment.GetValueOrDefault(key) };
        var text = File.ReadAllText(Path.Combine(directory, "template.tmpl"));

        var expectedFile = Path.Combine(directory, "expected.txt");
        if (File.Exists(expectedFile))
        {
            var template = GoTemplate.Parse("template.tmpl", text, ConfdFunctions.Create(snapshot, host));
            Assert.Equal(File.ReadAllText(expectedFile), template.Render(null));
        }
        else
        {
            var expectedError = File.ReadAllText(Path.Combine(directory, "expected_error.txt")).TrimEnd('\n');
            var error = Assert.ThrowsAny<TemplateException>(
                () => GoTemplate.Parse("template.tmpl", text, ConfdFunctions.Create(snapshot, host)).Render(null));
            Assert.Equal(expectedError, error.Message);
        }
    }

    private static List<KeyValuePair<string, string>> ReadPairs(string path)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (!File.Exists(path))
        {
            return pairs;
        }
        foreach (var line in File.ReadAllLines(path))
        {
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length > 0 && separator > 0)
            {
                pairs.Add(new(line[..separator], line[(separator + 1)..]));
            }
        }
        return pairs;
    }

    // The cases use a flat [template] table, so two patterns read what this test needs from the TOML.
    private static string ResourcePrefix(string toml) => PrefixPattern().Match(toml) is { Success: true } m ? m.Groups[1].Value : "";

    private static string GlobalPrefix(string prefix) => prefix.StartsWith('/') ? prefix : "/" + prefix;

    private static IEnumerable<string> ResourceKeys(string toml)
    {
        var list = KeysPattern().Match(toml);
        return list.Success ? QuotedPattern().Matches(list.Groups[1].Value).Select(m => m.Groups[1].Value) : [];
    }

    [GeneratedRegex(@"^\s*prefix\s*=\s*""([^""]*)""", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex PrefixPattern();

    [GeneratedRegex(@"^\s*keys\s*=\s*\[(.*?)\]", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex KeysPattern();

    [GeneratedRegex(@"""([^""]*)""")]
    private static partial Regex QuotedPattern();
}
