using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;
using Flotilla.Units.Services;
using Flotilla.Units.Specifiers;
using Flotilla.Units.Syntax;

namespace Flotilla.Runner.Supervision;

/// <summary>Turns a unit's text into the definition the built-in runner runs, or the reason it cannot.</summary>
internal static class ServiceLoader
{
    /// <summary>Parses a unit for the built-in runner; never throws for bad text.</summary>
    public static (ServiceDefinition? Definition, string? Error) Read(UnitSource source, IHostFacts host)
    {
        if (!UnitName.TryParse(source.Name, out var name))
        {
            return (null, $"invalid unit name \"{source.Name}\"");
        }

        if (name.IsTemplate)
        {
            return (null, $"{source.Name} is a template: only its instances can run");
        }

        if (name.Type != "service")
        {
            return (null, $"unit type .{name.Type} is not supported by the built-in runner");
        }

        try
        {
            var diagnostics = new List<UnitDiagnostic>();
            var file = UnitFileParser.Parse(source.Name, source.Text, diagnostics);
            var definition = ServiceDefinitionReader.Read(file, new SpecifierExpander(name, host), diagnostics);
            var error = diagnostics.FirstOrDefault(d => d.IsError);
            return error is null ? (definition, null) : (null, error.ToString());
        }
        catch (Exception e) when (e is UnitSyntaxException or UnitValueException or FormatException or ArgumentException)
        {
            return (null, e.Message);
        }
    }
}
