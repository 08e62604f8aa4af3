using Flotilla.Units.Diagnostics;
using Flotilla.Units.Verification;

namespace Flotilla.Cli.Verify;

/// <summary>The <c>verify --json</c> document for one file.</summary>
internal sealed record VerificationJson(
    string File,
    string Name,
    string Hash,
    bool Valid,
    IReadOnlyList<DiagnosticJson> Errors,
    IReadOnlyList<DiagnosticJson> Warnings,
    NameInfoJson? NameInfo,
    RequirementsJson Requirements,
    ServiceJson? Service)
{
    public static VerificationJson From(UnitVerification verification) => new(
        verification.FileName,
        verification.UnitName,
        verification.File.Hash,
        verification.IsValid,
        [.. verification.Errors.Select(DiagnosticJson.From)],
        [.. verification.Warnings.Select(DiagnosticJson.From)],
        verification.Name is { } name
            ? new NameInfoJson(name.Prefix, name.Instance, name.Template, name.IsTemplate, name.IsInstance)
            : null,
        RequirementsJson.From(verification.Requirements),
        verification.Service is { } service ? ServiceJson.From(service) : null);
}

internal sealed record DiagnosticJson(string File, int Line, string? Key, string Message)
{
    public static DiagnosticJson From(UnitDiagnostic diagnostic) =>
        new(diagnostic.File, diagnostic.Line, diagnostic.Key, diagnostic.Message);
}

internal sealed record NameInfoJson(string Prefix, string Instance, string? Template, bool IsTemplate, bool IsInstance);
