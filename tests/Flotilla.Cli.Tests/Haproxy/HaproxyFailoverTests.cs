using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Flotilla.Cli.Tests.Agent;
using Flotilla.Registry.Etcd;
using Flotilla.Registry.Layout;
using Flotilla.Testing;
using Flotilla.Testing.Etcd;
using Flotilla.Units.Syntax;
using Xunit.Abstractions;

namespace Flotilla.Cli.Tests.Haproxy;

/// <summary>
/// The seed's service discovery, end to end: real etcd, four real agents (the first also renders the
/// balancer's config with <c>--confdir</c>), a real haproxy in master-worker mode reloaded by the
/// template's reload_cmd, and <c>web@1..3</c> - real HTTP servers that answer with their instance and
/// machine and register themselves with <c>[X-Register]</c>. The example in examples/haproxy is this
/// test's set-up for a user (its template and haproxy.cfg are used here as they are).
/// </summary>
public sealed class HaproxyFailoverTests(SingleMemberEtcd etcd, ITestOutputHelper output) : IClassFixture<SingleMemberEtcd>, IAsyncLifetime
{
    private const int Machines = 4;
    private const int Instances = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly RegistryLayout _layout = new($"/haproxy-{Guid.NewGuid():N}/");
    private readonly string _machinePrefix = "lb" + Guid.NewGuid().ToString("N")[..8];
    private readonly TemporaryDirectory _directory = new();
    private readonly List<AgentProcess> _agents = [];
    private readonly List<string> _machines = [];
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly HttpClient _http = new();
    private HaproxyProcess? _haproxy;
    private EtcdRegistry _registry = null!;
    private ClusterRegistry _cluster = null!;
    private int _frontendPort;
    private int _portPrefix;

    private string ConfDirectory => Path.Combine(_directory.Path, "confd");

    private string BaseConfig => Path.Combine(_directory.Path, "haproxy.cfg");

    private string Backends => Path.Combine(_directory.Path, "backends.cfg");

    private string PidFile => Path.Combine(_directory.Path, "haproxy.pid");

    /// <summary>Every config the template rendered, with the time, appended by reload_cmd.</summary>
    private string RenderLog => Path.Combine(_directory.Path, "renders.log");

    public Task InitializeAsync()
    {
        _registry = etcd.Connect();
        _cluster = new ClusterRegistry(_registry, _layout);
        _frontendPort = FreePorts.Take(1)[0];
        _portPrefix = FreePortPrefix();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _haproxy?.Dispose();
        foreach (AgentProcess agent in _agents)
        {
            agent.Dispose();
        }

        foreach (string machine in _machines)
        {
            AgentProcess.KillProcessesOf(machine);
        }

        _http.Dispose();
        await _registry.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Haproxy_serves_every_instance_and_after_kill_9_of_an_instances_agent_serves_all_three_again()
    {
        WriteBalancerFiles();
        await StartAgentsAsync();
        await WaitUntilAsync(() => File.Exists(Backends), "the balancer agent rendered backends.cfg");
        _haproxy = HaproxyProcess.Start(PidFile, BaseConfig, Backends);
        Answer empty = default!;
        await WaitUntilAsync(async () => (empty = await AskAsync()).Status != 0, "haproxy answering");

        // No instance yet: haproxy has no server. Seeing them later proves reload_cmd reloaded it.
        Assert.Equal(503, empty.Status);

        for (int i = 1; i <= Instances; i++)
        {
            await SubmitAsync($"web@{i}.service");
        }

        // A bounded loop of requests through haproxy sees every instance, each on its own machine.
        IReadOnlyList<Answer> first = await WaitForEveryInstanceAsync("all three instances answering through haproxy");
        Dictionary<string, string> before = PlacementOf(first);
        Assert.Equal(Instances, before.Values.Distinct().Count());
        string idle = Assert.Single(_machines.Except(before.Values));

        // The balancer's agent keeps haproxy's config: kill the agent of an instance elsewhere.
        (string moved, string victim) = before.Select(p => (p.Key, p.Value)).First(p => p.Value != _machines[0]);
        using var loop = new CancellationTokenSource();
        Task requests = RequestLoopAsync(loop.Token);
        DateTimeOffset killedAt = DateTimeOffset.UtcNow;
        _agents[_machines.IndexOf(victim)].Signal("KILL");

        await WaitUntilAsync(() => _answers.Any(a => a.Ok && a.Instance == moved && a.Machine != victim), $"{moved} answering from another machine");
        IReadOnlyList<Answer> after = await WaitForEveryInstanceAsync("all three instances answering after the failover");
        DateTimeOffset convergedAt = DateTimeOffset.UtcNow;
        await loop.CancelAsync();
        await requests;

        // Every request of a bounded loop succeeds, and the moved instance runs on the machine that was idle.
        Dictionary<string, string> placement = PlacementOf(after);
        Assert.Equal(idle, placement[moved]);
        Assert.All(before.Keys.Where(i => i != moved), i => Assert.Equal(before[i], placement[i]));

        // The config followed: a render after the kill lacked the moved instance, and the last one has it again.
        string server = $"server {moved.Replace('@', '-')} ";
        IReadOnlyList<(DateTimeOffset At, string Text)> renders = Renders();
        Assert.Contains(renders, r => r.At > killedAt && !r.Text.Contains(server, StringComparison.Ordinal));
        Assert.Contains(server, renders[^1].Text, StringComparison.Ordinal);
        Assert.Equal(Instances, renders[^1].Text.Split('\n').Count(l => l.TrimStart().StartsWith("server ", StringComparison.Ordinal)));
        Assert.False(_haproxy.HasExited, "haproxy exited:\n" + _haproxy.Log);

        // haproxy was reloaded for the removal and for the return (SIGUSR2 from reload_cmd).
        Assert.True(_haproxy.Reloads.Count(r => r > killedAt) >= 2, "haproxy was not reloaded twice after the kill:\n" + _haproxy.Log);

        Report(moved, victim, idle, killedAt, convergedAt, renders);
    }

    /// <summary>The figures docs/performance.md records: printed, never asserted.</summary>
    private void Report(string moved, string victim, string idle, DateTimeOffset killedAt, DateTimeOffset convergedAt, IReadOnlyList<(DateTimeOffset At, string Text)> renders)
    {
        Answer[] during = [.. _answers.Where(a => a.At >= killedAt && a.At <= convergedAt)];
        Answer movedBack = _answers.First(a => a.Ok && a.Instance == moved && a.Machine != victim);
        string server = $"server {moved.Replace('@', '-')} ";
        DateTimeOffset? dropped = renders.Where(r => r.At > killedAt && !r.Text.Contains(server, StringComparison.Ordinal)).Select(r => (DateTimeOffset?)r.At).FirstOrDefault();
        DateTimeOffset? readded = renders.Where(r => r.At > (dropped ?? killedAt) && r.Text.Contains(server, StringComparison.Ordinal)).Select(r => (DateTimeOffset?)r.At).FirstOrDefault();
        output.WriteLine($"killed the agent of {moved} ({victim}); re-placed on {idle}");
        output.WriteLine($"config without {moved}: {Seconds(dropped - killedAt)} after the kill; with it again: {Seconds(readded - killedAt)}");
        output.WriteLine($"haproxy reloads after the kill: {_haproxy!.Reloads.Count(r => r > killedAt)}");
        output.WriteLine($"time to converge (kill -> {moved} answers from {idle}): {Seconds(movedBack.At - killedAt)}");
        string[] failures = [.. during.Where(a => !a.Ok).Select(a => a.Status == 0 ? "no answer" : a.Status.ToString(CultureInfo.InvariantCulture))];
        output.WriteLine($"requests during the failover (one every 50 ms until converged): {during.Length}, failed: {failures.Length}"
            + (failures.Length > 0 ? $" ({string.Join(", ", failures.Distinct())})" : ""));
        output.WriteLine($"last rendered backends.cfg:\n{renders[^1].Text}");
    }

    private static string Seconds(TimeSpan? span) => span is { } s ? $"{s.TotalSeconds:F2} s" : "never";

    /// <summary>The example's template and haproxy.cfg as they are; the resource points at this test's files.</summary>
    private void WriteBalancerFiles()
    {
        string example = Path.Combine(FlotillaProcess.RepositoryRoot, "examples", "haproxy");
        Directory.CreateDirectory(Path.Combine(ConfDirectory, "conf.d"));
        Directory.CreateDirectory(Path.Combine(ConfDirectory, "templates"));
        File.Copy(Path.Combine(example, "confd", "templates", "backends.cfg.tmpl"), Path.Combine(ConfDirectory, "templates", "backends.cfg.tmpl"));
        string baseConfig = File.ReadAllText(Path.Combine(example, "haproxy.cfg"));
        Assert.Contains("bind 127.0.0.1:8080", baseConfig, StringComparison.Ordinal);
        File.WriteAllText(BaseConfig, baseConfig.Replace("bind 127.0.0.1:8080", $"bind 127.0.0.1:{_frontendPort}", StringComparison.Ordinal));

        string check = $"{HaproxyProcess.Binary} -c -q -f {BaseConfig} -f {{{{.src}}}}";
        string reload = $"(date +%s%3N; cat {Backends}; echo '#--') >> {RenderLog}; kill -USR2 $(cat {PidFile} 2>/dev/null) 2>/dev/null || true";
        File.WriteAllText(Path.Combine(ConfDirectory, "conf.d", "haproxy.toml"), $"""
            [template]
            src = "backends.cfg.tmpl"
            dest = "{Backends}"
            keys = ["/services/web"]
            check_cmd = "{check}"
            reload_cmd = "{reload}"
            """);
    }

    private async Task StartAgentsAsync()
    {
        for (int i = 0; i < Machines; i++)
        {
            string machine = $"{_machinePrefix}{i}";
            List<string> arguments =
            [
                "--registry", "etcd",
                "--etcd-endpoints", string.Join(',', etcd.Endpoints),
                "--prefix", _layout.Prefix,
                "--public-ip", "127.0.0.1",
                "--agent-ttl", "3s",
                "--lease-ttl", "3s",
                "--machine-grace", "500ms",
                "--machine-id", machine,
                "--data-dir", Path.Combine(_directory.Path, $"agent{i}"),
            ];
            if (i == 0)
            {
                arguments.AddRange(["--confdir", ConfDirectory]);
            }

            _machines.Add(machine);
            _agents.Add(AgentProcess.Start([.. arguments]));
        }

        await WaitUntilAsync(async () => (await _cluster.ListMachinesAsync(default)).Entries.Count == Machines, "every agent registered");
    }

    /// <summary>Submits an instance of the example's web@.service shape, served by the test's own HTTP server.</summary>
    private async Task SubmitAsync(string name)
    {
        string server = Path.Combine(AppContext.BaseDirectory, "Flotilla.Testing.WebServer.dll");
        string text = $"""
            [Unit]
            Description=Web instance %i

            [Service]
            ExecStart={Dotnet()} {server} {_portPrefix}%i %n on %m
            Restart=on-failure
            RestartSec=500ms

            [X-Fleet]
            Conflicts=web@*

            [X-Register]
            Key=/services/web/%n
            Value=127.0.0.1:{_portPrefix}%i
            HealthCheck=http://127.0.0.1:{_portPrefix}%i/
            HealthInterval=500ms
            """;
        UnitFile file = UnitFileParser.Parse(name, text);
        await _cluster.PutUnitAsync(new UnitRecord(name, file.NormalizedText, file.Hash, UnitDesiredState.Launched), default);
    }

    /// <summary>Polls until one bounded loop of requests all succeed and every instance answered in it; returns that loop.</summary>
    private async Task<IReadOnlyList<Answer>> WaitForEveryInstanceAsync(string what)
    {
        IReadOnlyList<Answer> last = [];
        await WaitUntilAsync(async () =>
        {
            var batch = new List<Answer>();
            for (int i = 0; i < 4 * Instances; i++)
            {
                batch.Add(await AskAsync());
            }

            last = batch;
            return batch.All(a => a.Ok) && batch.Select(a => a.Instance).Distinct().Count() == Instances;
        }, what, () => string.Join("\n", last));
        return last;
    }

    private static Dictionary<string, string> PlacementOf(IEnumerable<Answer> answers) =>
        answers.Where(a => a.Ok).GroupBy(a => a.Instance).ToDictionary(g => g.Key, g => Assert.Single(g.Select(a => a.Machine).Distinct()));

    private async Task RequestLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            _answers.Enqueue(await AskAsync());
            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One request through haproxy on a new connection (so round robin spreads them); status 0 = no answer.</summary>
    private async Task<Answer> AskAsync()
    {
        DateTimeOffset at = DateTimeOffset.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{_frontendPort}/"));
        request.Headers.ConnectionClose = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request, timeout.Token);
            string body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new Answer(at, (int)response.StatusCode, body.Trim());
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return new Answer(at, 0, e.Message);
        }
    }

    private IReadOnlyList<(DateTimeOffset At, string Text)> Renders()
    {
        var renders = new List<(DateTimeOffset, string)>();
        string[] entries = File.ReadAllText(RenderLog).Split("#--\n", StringSplitOptions.RemoveEmptyEntries);
        foreach (string entry in entries)
        {
            int newline = entry.IndexOf('\n', StringComparison.Ordinal);
            long milliseconds = long.Parse(entry[..newline], CultureInfo.InvariantCulture);
            renders.Add((DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), entry[(newline + 1)..]));
        }

        return renders;
    }

    /// <summary>A prefix P such that ports P1, P2, P3 (instance %i appended) are free on the loopback.</summary>
    private static int FreePortPrefix()
    {
        for (int attempt = 0; ; attempt++)
        {
            int prefix = Random.Shared.Next(2000, 6500);
            if (Enumerable.Range(1, Instances).All(i => IsFree((prefix * 10) + i)) || attempt > 50)
            {
                return prefix;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Dotnet() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Select(d => Path.Combine(d, "dotnet")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("dotnet is not on PATH");

    private Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what, Func<string>? detail = null)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"waited {Patience.TotalSeconds} s for {what}\n{detail?.Invoke()}\nhaproxy:\n{_haproxy?.Log}\n"
                    + string.Join("\n---\n", _agents.Select((a, i) => $"{_machines[i]}:\n{a.Log}")));
            }

            await Task.Delay(200);
        }
    }

    /// <summary>One request's outcome; a web instance answers "web@N.service on MACHINE".</summary>
    private sealed record Answer(DateTimeOffset At, int Status, string Body)
    {
        public bool Ok => Status == 200;

        public string Instance => Ok ? Body.Split(' ')[0] : "";

        public string Machine => Ok ? Body.Split(' ')[^1] : "";
    }
}
