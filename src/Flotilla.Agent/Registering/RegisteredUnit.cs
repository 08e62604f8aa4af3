using Flotilla.Runner;
using Flotilla.Units.Registration;

namespace Flotilla.Agent.Registering;

/// <summary>What decides one unit's registration: its section, its runner status, and its last health result (null: not checked yet).</summary>
public sealed record RegisteredUnit(string Name, ServiceRegistration Registration, UnitStatus? Status, bool? Healthy);
