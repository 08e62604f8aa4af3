using System.Runtime.InteropServices;
using Flotilla.Agent.Presence;
using Flotilla.Agent.Running;
using Flotilla.Api.Hosting;
using Flotilla.Cli.Agent;
using Flotilla.Cli.Logging;
using Flotilla.Engine.Leading;
using Flotilla.Registry;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Etcd;
using Flotilla.Runner;
using Flotilla.Runner.Systemd;
using Microsoft.Extensions.Logging;

namespace Flotilla.Cli.Commands;

/// <summary>
/// <c>flotilla agent</c>: the daemon of every machine. Registers the machine, runs the units the engine
/// assigns to it (and the global ones) with the built-in runner, publishes their states, fences itself
/// when it loses the registry, and runs an engine candidate so any machine can lead.
/// </summary>
internal sealed class AgentCommand(TextWriter output, TextWriter error) : ICliCommand
{
    /// <summary>Exit code for bad options (as getopt-style tools use it).</summary>
    public const int UsageExitCode = 2;

    public string Name => "agent";

    public string Summary => "Run the machine agent (presence, units, engine)";

    public string Usage => """
        Usage: flotilla agent [--dev] [OPTIONS]

        Registers this machine, runs the units placed on it (and every global unit it qualifies for),
        and takes part in the engine's leader election. Runs until SIGINT or SIGTERM, then stops its
        units and releases the machine at once.

        Options:
          --dev                  one machine: embedded registry in the data directory, no set-up
          --data-dir DIR         the agent's files (default /var/lib/flotilla for root, else
                                 $XDG_STATE_HOME/flotilla or ~/.local/state/flotilla)
          --machine-id ID        this machine's ID (default /etc/machine-id, else one generated
                                 and kept in the data directory)
          --public-ip IP         the address shown for this machine
          --metadata K=V,...     machine metadata for MachineMetadata=
          --registry KIND        embedded (default) or etcd (default when --etcd-endpoints is given)
          --etcd-endpoints URLS  etcd v3 client URLs, comma-separated
          --etcd-cafile FILE     CA certificate (PEM) for https endpoints
          --etcd-certfile FILE   client certificate (PEM) for mutual TLS
          --etcd-keyfile FILE    key of the client certificate (PEM)
          --agent-ttl SPAN       presence lease TTL (default 10s); a machine silent this long
                                 stops its units and loses them
          --api-addr ADDR        where the HTTP API listens: unix:///path, http://IP:PORT or
                                 https://IP:PORT; repeatable (default unix://DATA-DIR/flotilla.sock);
                                 the first is given to units as FLOTILLA_ENDPOINT, a TCP one lets
                                 other agents proxy this machine's journals
          --api-cert-file FILE   certificate (PEM) served on https:// API addresses
          --api-key-file FILE    its private key (PEM)
          --api-ca-file FILE     require API clients on https:// to present a certificate signed
                                 by this CA (mutual TLS); also trusted for peers' certificates
          --prefix PREFIX        the cluster's registry prefix (default /flotilla/)
          --lease-ttl SPAN       the engine's leader lease TTL (default 10s)
          --machine-grace SPAN   how long a vanished machine keeps its units (default 1s)
          --runner KIND          builtin (default: Flotilla's own supervisor), systemd (hand the
                                 units to the machine's systemd) or auto (systemd where it runs)
          --confdir DIR          also keep the confd resources of DIR rendered from this agent's
                                 registry, re-rendered on every change (see flotilla template)

        """;

    public int Run(IReadOnlyList<string> arguments)
    {
        (AgentSettings? parsed, string? problem) = AgentArgumentParser.Parse(arguments);
        if (parsed is null)
        {
            error.WriteLine($"flotilla agent: {problem}");
            error.Write(Usage);
            return UsageExitCode;
        }

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        try
        {
            RunAsync(parsed, stop.Token).GetAwaiter().GetResult();
            return 0;
        }
        catch (Exception e) when (e is Registry.Errors.RegistryException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine($"flotilla agent: {e.Message}");
            return 1;
        }
        catch (ArgumentException e) when (e.ParamName == RunnerParameter)
        {
            error.WriteLine($"flotilla agent: --runner: {e.Message.Replace($" (Parameter '{RunnerParameter}')", "", StringComparison.Ordinal)}");
            return UsageExitCode;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private async Task RunAsync(AgentSettings settings, CancellationToken cancellationToken)
    {
        // Refused before anything is opened or started.
        UnitManagerKind runnerKind = UnitManagerSelector.Select(settings.Runner, Directory.Exists(UnitManagerSelector.SystemdRunningMarker));
        AgentTemplates? templates = settings.ConfDirectory is null ? null : AgentTemplates.Load(settings.ConfDirectory);
        string dataDirectory = Path.GetFullPath(settings.DataDirectory ?? AgentPaths.DefaultDataDirectory());
        Directory.CreateDirectory(dataDirectory);

        // One agent per data directory: two would fight over the runner id, the deadline and the store.
        FileStream ownership;
        try
        {
            ownership = new FileStream(Path.Combine(dataDirectory, "agent.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new IOException($"another flotilla agent is using the data directory {dataDirectory}");
        }

        await using (ownership)
        {
            string machineId = settings.MachineId ?? AgentPaths.ResolveMachineId(dataDirectory);
            IReadOnlyList<ApiAddress> apiAddresses = settings.ApiAddresses.Count > 0
                ? [.. settings.ApiAddresses.Select(ApiAddress.Parse)]
                : [ApiAddress.UnixSocket(Path.Combine(dataDirectory, "flotilla.sock"))];
            string apiAddress = apiAddresses[0].ToString();
            string runnerId = RunnerId.FromDataDirectory(dataDirectory);
            var agentLogger = new TextWriterLogger(error, "agent", LogLevel.Information);

            // A predecessor's watchdog would kill our units once its agent is gone: end it before anything starts.
            UnitProcessSweeper.KillAll(UnitProcessSweeper.WatchdogVariable, runnerId);

            await using IRegistry registry = OpenRegistry(settings, dataDirectory, agentLogger);

            // The runner asks the agent before every start (see MachineAgent.StartRefusal); the agent needs the runner first.
            MachineAgent? agent = null;
            await using IUnitManager runner = OpenRunner(
                runnerKind, settings, dataDirectory, runnerId, machineId, apiAddress, () => agent is null ? "the agent is not running yet" : agent.StartRefusal(), error);

            string deadlineFile = Path.Combine(dataDirectory, "watchdog.deadline");
            agent = new MachineAgent(registry, runner, new AgentOptions
            {
                MachineId = machineId,
                PublicIp = settings.PublicIp,
                Metadata = settings.Metadata,
                Version = CliApplication.Version,
                ApiUrl = apiAddresses.FirstOrDefault(a => !a.IsUnixSocket)?.ToString(),
                Layout = settings.Layout,
                AgentTtl = settings.AgentTtl,
                DeadlineFile = deadlineFile,
                Host = AgentHostFacts.For(machineId),
                Logger = agentLogger,
                Engine = new EngineOptions
                {
                    CandidateName = machineId,
                    Layout = settings.Layout,
                    LeaseTtl = settings.LeaseTtl,
                    MachineGrace = settings.MachineGrace,
                    Logger = new TextWriterLogger(error, "engine", LogLevel.Information),
                },
            });

            // Refuses (IOException) when a live agent holds a socket; removes one left by a dead agent.
            await using ApiServer api = await ApiServer.StartAsync(registry, runner, new ApiServerOptions
            {
                MachineId = machineId,
                Addresses = apiAddresses,
                Tls = settings.ApiCertFile is { } apiCert ? new ApiTls(apiCert, settings.ApiKeyFile!) { ClientCaFile = settings.ApiCaFile } : null,
                Layout = settings.Layout,
                Version = CliApplication.Version,
                Logger = new TextWriterLogger(error, "api", LogLevel.Information),
            }, cancellationToken);

            new DeadlineFile(deadlineFile).Disarm();
            int watchdog = Watchdog.Start(deadlineFile, runnerId);
            output.WriteLine($"flotilla agent {machineId} started (data {dataDirectory}, runner {runnerId}, watchdog {watchdog}, api {string.Join(' ', apiAddresses)})");
            output.Flush();
            if (templates is null)
            {
                await agent.RunAsync(cancellationToken);
            }
            else
            {
                await templates.RunBesideAsync(registry, error, () => agent.RunAsync(cancellationToken), cancellationToken);
            }
        }
    }

    /// <summary>The name <see cref="UnitManagerSelector"/> gives its argument, so its refusals read as --runner errors.</summary>
    private const string RunnerParameter = "requested";

    private static IUnitManager OpenRunner(UnitManagerKind kind, AgentSettings settings, string dataDirectory, string runnerId, string machineId, string apiAddress, Func<string?> startGate, TextWriter error)
    {
        if (kind == UnitManagerKind.Systemd)
        {
            return new SystemdUnitManager(new SystemdRunnerOptions
            {
                StateDirectory = Path.Combine(dataDirectory, "systemd"),
                Logger = new TextWriterLogger(error, "runner", LogLevel.Information),
            });
        }

        // The runner kills whatever a predecessor with this runner id left running (after kill -9).
        return new BuiltInUnitManager(new BuiltInRunnerOptions
        {
            StateDirectory = Path.Combine(dataDirectory, "runner"),
            RunnerId = runnerId,
            Host = AgentHostFacts.For(machineId),
            ExtraEnvironment = new Dictionary<string, string>
            {
                ["FLOTILLA_ENDPOINT"] = apiAddress,
                ["FLOTILLA_MACHINE_ID"] = machineId,
                ["FLOTILLA_PUBLIC_IP"] = settings.PublicIp,
            },
            PathPrepend = [Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)],
            StartGate = startGate,
            Logger = new TextWriterLogger(error, "runner", LogLevel.Information),
        });
    }

    private static IRegistry OpenRegistry(AgentSettings settings, string dataDirectory, ILogger logger) =>
        settings.Registry == "etcd"
            ? new EtcdRegistry(new EtcdRegistryOptions
            {
                Endpoints = settings.EtcdEndpoints,
                CaFile = settings.EtcdCaFile,
                ClientCertificateFile = settings.EtcdCertFile,
                ClientKeyFile = settings.EtcdKeyFile,
            })
            : EmbeddedRegistry.Open(Path.Combine(dataDirectory, "registry.db"), new EmbeddedRegistryOptions { Logger = logger });
}
