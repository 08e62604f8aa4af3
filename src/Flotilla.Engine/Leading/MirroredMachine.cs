namespace Flotilla.Engine.Leading;

/// <summary>
/// A machine the engine knows: from its <c>machines/</c> key while that lives, or only from assignments
/// that still name it. <see cref="MissingSince"/> is when this engine saw it go (or first saw it absent),
/// which starts the grace before its units move.
/// </summary>
internal sealed record MirroredMachine(string Id, IReadOnlyDictionary<string, string> Metadata, DateTimeOffset? MissingSince);
