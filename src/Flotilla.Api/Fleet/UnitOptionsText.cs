using Flotilla.Api.Errors;
using Flotilla.Units.Diagnostics;
using Flotilla.Units.Fleet;
using Flotilla.Units.Names;
using Flotilla.Units.Syntax;

namespace Flotilla.Api.Fleet;

/// <summary>
/// Converts between fleet's option lists and unit text. Options become text with the one normalizer the
/// whole project uses, and the text is parsed back: only options that survive the round trip unchanged
/// (no line breaks smuggled into a value, no section name with brackets, no continuation backslash) and
/// whose [X-Fleet] section is valid are accepted, so what is stored is exactly what was sent.
/// </summary>
public static class UnitOptionsText
{
    /// <summary>The unit file the options describe.</summary>
    /// <exception cref="ApiException">400: the options cannot be stored faithfully or [X-Fleet] is invalid.</exception>
    public static UnitFile ToUnitFile(UnitName name, IReadOnlyList<FleetUnitOption> options)
    {
        var given = new List<UnitOption>(options.Count);
        foreach (FleetUnitOption option in options)
        {
            if (option is null || string.IsNullOrEmpty(option.Section) || string.IsNullOrEmpty(option.Name) || option.Value is null)
            {
                throw Invalid("every option needs a section, a name and a value");
            }

            given.Add(new UnitOption(option.Section, option.Name, option.Value.Trim()));
        }

        string text = UnitNormalizer.Normalize(given);
        UnitFile file;
        try
        {
            file = UnitFileParser.Parse(name.Name, text);
        }
        catch (UnitSyntaxException error)
        {
            throw Invalid(error.Message);
        }

        if (file.Options.Count != given.Count || file.NormalizedText != text)
        {
            throw Invalid("an option's section, name or value contains characters a unit file cannot hold (line breaks, brackets, '=' in a name, a trailing backslash)");
        }

        var diagnostics = new List<UnitDiagnostic>();
        FleetRequirementsReader.Read(file, name, diagnostics);
        if (diagnostics.FirstOrDefault(d => d.IsError) is { } problem)
        {
            throw Invalid(problem.Message);
        }

        return file;
    }

    /// <summary>The options of stored unit text, in normalized order.</summary>
    public static IReadOnlyList<FleetUnitOption> ToOptions(string unitName, string text) =>
        [.. UnitFileParser.Parse(unitName, text, new List<UnitDiagnostic>()).Options.Select(o => new FleetUnitOption(o.Section, o.Name, o.Value))];

    /// <summary>Whether the unit text says Global=true in [X-Fleet].</summary>
    public static bool IsGlobal(string unitName, string text)
    {
        var diagnostics = new List<UnitDiagnostic>();
        UnitFile file = UnitFileParser.Parse(unitName, text, diagnostics);
        UnitName? name = UnitName.TryParse(unitName, out UnitName? parsed) ? parsed : null;
        return FleetRequirementsReader.Read(file, name, diagnostics).Global;
    }

    private static ApiException Invalid(string message) => new(400, "invalid unit options: " + message);
}
