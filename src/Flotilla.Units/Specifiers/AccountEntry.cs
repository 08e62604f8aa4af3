namespace Flotilla.Units.Specifiers;

/// <summary>The fields of one <c>/etc/passwd</c> line that specifiers need.</summary>
internal sealed record AccountEntry(string Name, string UserId, string GroupId, string HomeDirectory, string Shell);
