namespace Flotilla.Registry.Layout;

/// <summary>
/// A key of the layout, classified: its kind, the machine it concerns (assignments, machines and states) and the
/// unit it concerns (units, assignments, states, reasons). For a leader key, <see cref="Name"/> is the
/// candidate's part of the key.
/// </summary>
public sealed record RegistryKey(RegistryKeyKind Kind, string? Machine, string? Name);
