using System.Globalization;
using Flotilla.Agent.Running;
using Flotilla.Engine.Leading;
using Flotilla.Units.Values;

namespace Flotilla.Benchmarks.Failover;

/// <summary>
/// The harness's command line. The three spans are passed to the agents only when given, so a run
/// without them measures exactly what <c>flotilla agent</c> does out of the box.
/// </summary>
internal sealed record FailoverOptions
{
    public int Runs { get; init; } = 10;

    public int LeaderRuns { get; init; } = 5;

    public int Agents { get; init; } = 3;

    public int Units { get; init; } = 6;

    public int Burst { get; init; } = 2_000;

    public bool AgentScenario { get; init; } = true;

    public bool LeaderScenario { get; init; } = true;

    public TimeSpan? AgentTtl { get; init; }

    public TimeSpan? LeaseTtl { get; init; }

    public TimeSpan? MachineGrace { get; init; }

    public static string Usage =>
        "failover [--runs 10] [--leader-runs 5] [--agents 3] [--units 6] [--burst 2000] [--only agent|leader] [--ttl SPAN] [--lease-ttl SPAN] [--machine-grace SPAN]";

    /// <summary>The agent TTL in effect: the one given, else the agent's default (AgentOptions, as the CLI).</summary>
    public TimeSpan EffectiveAgentTtl => AgentTtl ?? new AgentOptions { MachineId = "defaults" }.AgentTtl;

    public TimeSpan EffectiveLeaseTtl => LeaseTtl ?? new EngineOptions().LeaseTtl;

    public TimeSpan EffectiveMachineGrace => MachineGrace ?? new EngineOptions().MachineGrace;

    /// <summary>The options given to every agent.</summary>
    public IReadOnlyList<string> AgentArguments =>
    [
        .. AgentTtl is { } ttl ? ["--agent-ttl", SystemdTimeSpan.Format(ttl)] : Array.Empty<string>(),
        .. LeaseTtl is { } lease ? ["--lease-ttl", SystemdTimeSpan.Format(lease)] : Array.Empty<string>(),
        .. MachineGrace is { } grace ? ["--machine-grace", SystemdTimeSpan.Format(grace)] : Array.Empty<string>(),
    ];

    public static FailoverOptions Parse(IReadOnlyList<string> arguments)
    {
        var options = new FailoverOptions();
        for (int i = 0; i < arguments.Count; i += 2)
        {
            if (i + 1 >= arguments.Count)
            {
                throw new ArgumentException($"{arguments[i]} needs a value; usage: {Usage}");
            }

            string value = arguments[i + 1];
            options = arguments[i] switch
            {
                "--runs" => options with { Runs = Count(value) },
                "--leader-runs" => options with { LeaderRuns = Count(value) },
                "--agents" => options with { Agents = Math.Max(2, Count(value)) },
                "--units" => options with { Units = Count(value) },
                "--burst" => options with { Burst = Count(value) },
                "--only" when value is "agent" => options with { LeaderScenario = false },
                "--only" when value is "leader" => options with { AgentScenario = false },
                "--ttl" => options with { AgentTtl = SystemdTimeSpan.Parse(value) },
                "--lease-ttl" => options with { LeaseTtl = SystemdTimeSpan.Parse(value) },
                "--machine-grace" => options with { MachineGrace = SystemdTimeSpan.Parse(value) },
                _ => throw new ArgumentException($"unknown option {arguments[i]} {value}; usage: {Usage}"),
            };
        }

        return options;
    }

    private static int Count(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
}
