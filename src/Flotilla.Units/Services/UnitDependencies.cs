namespace Flotilla.Units.Services;

/// <summary>The <c>[Unit]</c> dependencies on other units of the same machine (names, specifiers expanded).</summary>
public sealed record UnitDependencies
{
    public static readonly UnitDependencies None = new();

    public IReadOnlyList<string> Requires { get; init; } = [];

    public IReadOnlyList<string> Wants { get; init; } = [];

    public IReadOnlyList<string> BindsTo { get; init; } = [];

    public IReadOnlyList<string> Requisite { get; init; } = [];

    public IReadOnlyList<string> PartOf { get; init; } = [];

    public IReadOnlyList<string> Conflicts { get; init; } = [];

    public IReadOnlyList<string> After { get; init; } = [];

    public IReadOnlyList<string> Before { get; init; } = [];

    public IReadOnlyList<string> OnFailure { get; init; } = [];
}
