using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary>What every state-changing verb does after the change: report at once (<c>--no-block</c>) or wait.</summary>
internal static class UnitWaits
{
    /// <returns>False when a wait timed out.</returns>
    public static async Task<bool> AfterChangeAsync(
        FlotillaApiClient client,
        CommandContext context,
        IReadOnlyList<string> units,
        string state,
        string verb,
        int attempts,
        CancellationToken cancellationToken)
    {
        if (attempts == BlockingFlags.NoBlock)
        {
            foreach (var name in units)
            {
                context.Output.WriteLine($"Triggered unit {name} {verb}");
            }

            return true;
        }

        return await new StateWaiter(client, context).WaitForStateAsync(units, state, attempts, cancellationToken);
    }
}
