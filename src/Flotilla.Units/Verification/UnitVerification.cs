using Flotilla.Units.Diagnostics;
using Flotilla.Units.Fleet;
using Flotilla.Units.Names;
using Flotilla.Units.Registration;
using Flotilla.Units.Services;
using Flotilla.Units.Syntax;

namespace Flotilla.Units.Verification;

/// <summary>Everything known about one unit file after parsing and validation.</summary>
/// <param name="Name">The unit's name; null when the name itself is invalid.</param>
/// <param name="Service">The service model for <c>.service</c> units; null for other types.</param>
public sealed record UnitVerification(
    string FileName,
    string UnitName,
    UnitName? Name,
    UnitFile File,
    FleetRequirements Requirements,
    ServiceDefinition? Service,
    IReadOnlyList<UnitDiagnostic> Diagnostics)
{
    /// <summary>The <c>[X-Register]</c> section of a service, when it has a valid one.</summary>
    public ServiceRegistration? Registration { get; init; }

    public bool IsValid
    {
        get
        {
            foreach (var diagnostic in Diagnostics)
            {
                if (diagnostic.IsError)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public IEnumerable<UnitDiagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<UnitDiagnostic> Warnings => Diagnostics.Where(d => !d.IsError);
}
