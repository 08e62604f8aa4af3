namespace Flotilla.Runner.Processes;

/// <summary>A program ready to start: resolved path, argv (argv[0] included), environment and identity.</summary>
internal sealed record LaunchRequest(
    string Program,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    string? User,
    string? Group);
