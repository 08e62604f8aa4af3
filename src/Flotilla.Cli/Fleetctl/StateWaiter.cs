using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary>
/// fleetctl's blocking: polls every 250 ms; one attempt lasts up to 2 s; <c>--block-attempts 0</c>
/// waits for ever. Prints <c>Unit NAME STATE[ on MACHINE]</c> as each unit arrives; on a terminal a
/// progress line on stderr shows what is still pending.
/// </summary>
internal sealed class StateWaiter(FlotillaApiClient client, CommandContext context)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan AttemptLength = TimeSpan.FromSeconds(2);

    private IReadOnlyDictionary<string, FleetMachine>? _machines;

    /// <returns>True when every unit reached <paramref name="state"/>; false after printing a timeout error per unit that did not.</returns>
    public async Task<bool> WaitForStateAsync(IReadOnlyList<string> units, string state, int attempts, CancellationToken cancellationToken)
    {
        var pending = units.Distinct(StringComparer.Ordinal).ToList();
        var deadline = Deadline(attempts);
        while (true)
        {
            foreach (var name in pending.ToList())
            {
                var unit = await client.GetUnitAsync(name, cancellationToken);
                if (unit is null || unit.CurrentState != state)
                {
                    continue;
                }

                pending.Remove(name);
                ClearProgress();
                context.Output.WriteLine(await ArrivedMessageAsync(unit, cancellationToken));
            }

            if (await PauseOrGiveUpAsync(pending, $"to be {state}", deadline, cancellationToken))
            {
                foreach (var name in pending)
                {
                    context.Error.WriteLine($"Error waiting for units: timed out waiting for unit {name} to report state {state}");
                }

                return pending.Count == 0;
            }
        }
    }

    /// <summary>After destroy: waits until no machine reports the units any more.</summary>
    public async Task<bool> WaitForGoneAsync(IReadOnlyList<string> units, int attempts, CancellationToken cancellationToken)
    {
        var pending = units.Distinct(StringComparer.Ordinal).ToList();
        var deadline = Deadline(attempts);
        while (true)
        {
            foreach (var name in pending.ToList())
            {
                if ((await client.ListStatesAsync(name, cancellationToken)).All(s => s.Name != name))
                {
                    pending.Remove(name);
                }
            }

            if (await PauseOrGiveUpAsync(pending, "to stop", deadline, cancellationToken))
            {
                foreach (var name in pending)
                {
                    context.Error.WriteLine($"Error waiting for units: timed out waiting for unit {name} to be destroyed");
                }

                return pending.Count == 0;
            }
        }
    }

    private DateTimeOffset? Deadline(int attempts) =>
        attempts > 0 ? context.Time.GetUtcNow() + (AttemptLength * attempts) : null;

    /// <returns>True when waiting is over: nothing pending, or the deadline passed.</returns>
    private async Task<bool> PauseOrGiveUpAsync(List<string> pending, string what, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        if (pending.Count == 0 || (deadline is { } end && context.Time.GetUtcNow() >= end))
        {
            ClearProgress();
            return true;
        }

        if (context.ShowProgress)
        {
            var names = pending.Count <= 3 ? string.Join(", ", pending) : $"{pending.Count} units";
            context.Error.Write($"\r\u001b[KWaiting for {names} {what}...");
        }

        await Task.Delay(PollInterval, context.Time, cancellationToken);
        return false;
    }

    private void ClearProgress()
    {
        if (context.ShowProgress)
        {
            context.Error.Write("\r\u001b[K");
        }
    }

    private async Task<string> ArrivedMessageAsync(FleetUnit unit, CancellationToken cancellationToken)
    {
        var message = $"Unit {unit.Name} {unit.CurrentState}";
        if (string.IsNullOrEmpty(unit.MachineId))
        {
            return message;
        }

        _machines ??= (await client.ListMachinesAsync(cancellationToken)).GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return $"{message} on {MachineLegend.WithIp(unit.MachineId, _machines, full: false)}";
    }
}
