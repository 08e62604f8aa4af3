using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Cli.Fleetctl;

/// <summary>Turns command-line unit arguments into unit names, fleetctl's way (<see cref="UnitName.Mangle"/>), validated.</summary>
internal static class UnitArguments
{
    /// <exception cref="CommandFailedException">An argument does not make a valid unit name.</exception>
    public static IReadOnlyList<(string Argument, UnitName Name)> Resolve(IEnumerable<string> arguments) =>
        arguments.Select(argument =>
        {
            string mangled;
            try
            {
                mangled = UnitName.Mangle(argument);
            }
            catch (UnitValueException e)
            {
                throw new CommandFailedException($"invalid unit name \"{argument}\": {e.Message}");
            }

            return UnitName.Validate(mangled) is { } problem
                ? throw new CommandFailedException($"invalid unit name \"{mangled}\": {problem}")
                : (argument, UnitName.Parse(mangled));
        }).ToList();
}
