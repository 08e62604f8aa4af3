namespace Flotilla.Api.Fleet;

/// <summary>One RFC 6902 operation of <c>PATCH /fleet/v1/machines</c> (add, remove or replace metadata).</summary>
public sealed record JsonPatchOperation(string? Op, string? Path, string? Value);
