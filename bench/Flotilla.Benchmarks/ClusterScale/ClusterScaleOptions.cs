using System.Globalization;

namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>The command line of <c>cluster-scale</c>: <c>[--machines N] [--units U] [--max-seconds S] [--target-seconds S] [--clients C] [--agent-ttl S]</c>.</summary>
internal sealed record ClusterScaleOptions
{
    public int Machines { get; init; } = 100;

    public int Units { get; init; } = 1_000;

    /// <summary>The guard: the run stops and reports what it reached once this long has passed since the first submit.</summary>
    public int MaxSeconds { get; init; } = 120;

    /// <summary>Issue 8's target: every unit launched within this many seconds of the first submit (the run exits 1 otherwise).</summary>
    public int TargetSeconds { get; init; } = 30;

    /// <summary>etcd clients (one gRPC channel each) the agents share, round robin; each agent still counts its own requests.</summary>
    public int Clients { get; init; } = 8;

    /// <summary>The agents' presence lease TTL in seconds (their keep-alive traffic scales with 1/TTL).</summary>
    public int AgentTtlSeconds { get; init; } = 10;

    public static ClusterScaleOptions Parse(IReadOnlyList<string> arguments)
    {
        var options = new ClusterScaleOptions();
        for (int i = 0; i < arguments.Count; i++)
        {
            string name = arguments[i];
            if (i + 1 >= arguments.Count)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            int value = int.Parse(arguments[++i], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            if (value <= 0)
            {
                throw new ArgumentException($"{name} must be positive");
            }

            options = name switch
            {
                "--machines" => options with { Machines = value },
                "--units" => options with { Units = value },
                "--max-seconds" => options with { MaxSeconds = value },
                "--target-seconds" => options with { TargetSeconds = value },
                "--clients" => options with { Clients = value },
                "--agent-ttl" => options with { AgentTtlSeconds = value },
                _ => throw new ArgumentException($"unknown option {name} (known: --machines --units --max-seconds --target-seconds --clients --agent-ttl)"),
            };
        }

        if (options.Units < 10)
        {
            throw new ArgumentException("--units must be at least 10 (the mix has four global units)");
        }

        return options;
    }
}
