using System.Runtime.InteropServices;
using Flotilla.Cli.Logging;
using Flotilla.Engine.Leading;
using Flotilla.Registry;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Etcd;
using Flotilla.Registry.Layout;
using Flotilla.Units.Values;
using Microsoft.Extensions.Logging;

namespace Flotilla.Cli.Commands;

/// <summary>
/// <c>flotilla engine</c>: runs only the engine role (campaign, and place units while leading). The agent
/// runs the same engine on every machine; this verb exists for dedicated scheduler machines and for
/// failover tests that kill an engine process.
/// </summary>
internal sealed class EngineCommand(TextWriter output, TextWriter error) : ICliCommand
{
    public string Name => "engine";

    public string Summary => "Run only the engine role (leader election and placement)";

    public string Usage => """
        Usage: flotilla engine (--etcd-endpoints URL[,URL...] | --data-dir DIR) [OPTIONS]

        Joins the engine's leader election and, while leading, places units on machines by fleet's
        rules. Runs until SIGINT or SIGTERM; a leader that stops resigns, so another engine takes over
        at once.

        Options:
          --etcd-endpoints URLS  etcd v3 client URLs, comma-separated
          --data-dir DIR         use the embedded registry in DIR (one machine only)
          --prefix PREFIX        the cluster's registry prefix (default /flotilla/)
          --name NAME            this candidate's name in the election (default HOST/PID)
          --lease-ttl SPAN       leader lease TTL, e.g. 10s (default 10s)
          --machine-grace SPAN   how long a vanished machine keeps its units (default 1s)

        """;

    public int Run(IReadOnlyList<string> arguments)
    {
        EngineArguments? parsed = Parse(arguments);
        if (parsed is null)
        {
            return 1;
        }

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        try
        {
            RunAsync(parsed, stop.Token).GetAwaiter().GetResult();
            return 0;
        }
        catch (Exception e) when (e is Registry.Errors.RegistryException or IOException)
        {
            error.WriteLine($"flotilla engine: {e.Message}");
            return 1;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private async Task RunAsync(EngineArguments arguments, CancellationToken cancellationToken)
    {
        var logger = new TextWriterLogger(error, "engine", LogLevel.Information);
        await using IRegistry registry = arguments.EtcdEndpoints is { } endpoints
            ? new EtcdRegistry(new EtcdRegistryOptions { Endpoints = endpoints })
            : EmbeddedRegistry.Open(Path.Combine(arguments.DataDirectory!, "registry.db"), new EmbeddedRegistryOptions { Logger = logger });
        var engine = new ClusterEngine(registry, arguments.Options with { Logger = logger });
        output.WriteLine($"flotilla engine {arguments.Options.CandidateName} started");
        await engine.RunAsync(cancellationToken);
    }

    private EngineArguments? Parse(IReadOnlyList<string> arguments)
    {
        IReadOnlyList<string>? endpoints = null;
        string? dataDirectory = null;
        var options = new EngineOptions();
        for (var i = 0; i < arguments.Count; i++)
        {
            string option = arguments[i];
            if (i + 1 >= arguments.Count || !option.StartsWith("--", StringComparison.Ordinal))
            {
                return Fail(option.StartsWith("--", StringComparison.Ordinal) ? $"option {option} needs a value" : $"unexpected argument \"{option}\"");
            }

            string value = arguments[++i];
            switch (option)
            {
                case "--etcd-endpoints":
                    endpoints = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "--data-dir":
                    dataDirectory = value;
                    break;
                case "--prefix":
                    try
                    {
                        options = options with { Layout = new RegistryLayout(value) };
                    }
                    catch (ArgumentException e)
                    {
                        return Fail(e.Message);
                    }

                    break;
                case "--name":
                    options = options with { CandidateName = value };
                    break;
                case "--lease-ttl" or "--machine-grace":
                    if (!SystemdTimeSpan.TryParse(value, out TimeSpan span) || span <= TimeSpan.Zero)
                    {
                        return Fail($"{option}: \"{value}\" is not a positive time span (e.g. 10s, 500ms, 1min)");
                    }

                    options = option == "--lease-ttl" ? options with { LeaseTtl = span } : options with { MachineGrace = span };
                    break;
                default:
                    return Fail($"unknown option \"{option}\"");
            }
        }

        if ((endpoints is null) == (dataDirectory is null))
        {
            return Fail("give exactly one of --etcd-endpoints and --data-dir");
        }

        return new EngineArguments(endpoints, dataDirectory, options);
    }

    private EngineArguments? Fail(string message)
    {
        error.WriteLine($"flotilla engine: {message}");
        error.Write(Usage);
        return null;
    }

    private sealed record EngineArguments(IReadOnlyList<string>? EtcdEndpoints, string? DataDirectory, EngineOptions Options);
}
