using Flotilla.Units.Diagnostics;
using Flotilla.Units.Environments;
using Flotilla.Units.Exec;
using Flotilla.Units.Names;
using Flotilla.Units.Specifiers;
using Flotilla.Units.Syntax;
using Flotilla.Units.Values;

namespace Flotilla.Units.Services;

/// <summary>
/// Builds a <see cref="ServiceDefinition"/> from a unit's <c>[Unit]</c> and <c>[Service]</c>
/// sections with systemd's rules: single-value keys last wins and an empty value restores the
/// default; list keys accumulate and an empty value resets them (dependencies excepted); then the
/// load checks of spec/systemd.md "Service types".
/// </summary>
public static class ServiceDefinitionReader
{
    public static ServiceDefinition Read(UnitFile file, SpecifierExpander expander, ICollection<UnitDiagnostic> diagnostics)
    {
        var reading = new ServiceReading(file.FileName, expander, diagnostics);
        HashSet<string>? warnedSections = null;
        foreach (var option in file.Options)
        {
            switch (option.Section)
            {
                case "Unit":
                    reading.ReadUnitOption(option);
                    break;
                case "Service":
                    reading.ReadServiceOption(option);
                    break;
                default:
                    if (!IsIgnoredSection(option.Section) && (warnedSections ??= new HashSet<string>(StringComparer.Ordinal)).Add(option.Section))
                    {
                        diagnostics.Add(new UnitDiagnostic(
                            DiagnosticSeverity.Warning,
                            file.FileName,
                            option.Line,
                            null,
                            $"unknown section [{option.Section}] ignored"));
                    }

                    break;
            }
        }

        return reading.Finish();
    }

    /// <summary>
    /// [Install] matters only to <c>systemctl enable</c>, which fleet never used; <c>X-</c> sections
    /// belong to other tools (systemd ignores them too).
    /// </summary>
    private static bool IsIgnoredSection(string section) => section == "Install" || section.StartsWith("X-", StringComparison.Ordinal);
}
