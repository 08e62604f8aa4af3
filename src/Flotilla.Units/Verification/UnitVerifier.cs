using Flotilla.Units.Diagnostics;
using Flotilla.Units.Fleet;
using Flotilla.Units.Names;
using Flotilla.Units.Registration;
using Flotilla.Units.Services;
using Flotilla.Units.Specifiers;
using Flotilla.Units.Syntax;

namespace Flotilla.Units.Verification;

/// <summary>
/// Parses and checks one unit: syntax, name, <c>[X-Fleet]</c> requirements and, for services, the
/// service model. Every problem is collected so a user sees them all at once.
/// </summary>
public static class UnitVerifier
{
    /// <param name="fileName">Where the text came from; used in diagnostics.</param>
    /// <param name="unitName">The unit's name (fleet: the file's base name).</param>
    public static UnitVerification Verify(string fileName, string unitName, string text, IHostFacts host)
    {
        var diagnostics = new List<UnitDiagnostic>();
        var file = UnitFileParser.Parse(fileName, text, diagnostics);

        if (!Names.UnitName.TryParse(unitName, out var name))
        {
            diagnostics.Insert(0, new UnitDiagnostic(DiagnosticSeverity.Error, fileName, 0, null, Names.UnitName.Validate(unitName)!));
        }

        var requirements = FleetRequirementsReader.Read(file, name, diagnostics);
        ServiceDefinition? service = null;
        ServiceRegistration? registration = null;
        if (name is not null && name.Type == "service")
        {
            service = ServiceDefinitionReader.Read(file, new SpecifierExpander(name, host), diagnostics);

            // A template's specifiers (%i) are only known per instance: check the section's shape, expand nothing.
            registration = ServiceRegistrationReader.Read(file, name.IsTemplate ? null : new SpecifierExpander(name, host), diagnostics);
        }

        // Read in file order, as a compiler prints them; file-level problems (line 0) come first.
        var ordered = diagnostics.Count > 1 ? diagnostics.OrderBy(d => d.Line).ToList() : diagnostics;
        return new UnitVerification(fileName, unitName, name, file, requirements, service, ordered) { Registration = registration };
    }
}
