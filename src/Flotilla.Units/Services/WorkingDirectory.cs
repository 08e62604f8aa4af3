namespace Flotilla.Units.Services;

/// <summary>
/// <c>WorkingDirectory=</c>: an absolute path, or the user's home for <c>~</c>; with a <c>-</c>
/// prefix a missing directory is not an error.
/// </summary>
public sealed record WorkingDirectory(string Path, bool IsOptional, bool IsHome);
