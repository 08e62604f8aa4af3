using System.Diagnostics;
using Flotilla.Registry.Etcd;

namespace Flotilla.Testing.Etcd;

/// <summary>
/// A real etcd cluster of <see cref="Size"/> members on free 127.0.0.1 ports, data under a temporary
/// directory (tmpfs when there is one: fsync there is cheap), started healthy and always cleaned up.
/// </summary>
public class EtcdCluster : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly List<EtcdMember> _members = [];
    private readonly HttpClient _health;
    private string? _root;
    private string _initialCluster = "";

    /// <param name="tls">Serve clients over https with these certificates (mutual TLS); the caller owns and deletes them.</param>
    public EtcdCluster(int size, TestCertificates? tls = null)
    {
        Size = size;
        Tls = tls;
        _health = tls is null
            ? Http
            : new HttpClient(new SocketsHttpHandler { SslOptions = tls.HttpClientOptions() }) { Timeout = TimeSpan.FromSeconds(2) };
    }

    public int Size { get; }

    public TestCertificates? Tls { get; }

    public IReadOnlyList<EtcdMember> Members => _members;

    public IReadOnlyList<string> Endpoints => [.. _members.Select(m => m.ClientUrl)];

    public static async Task<EtcdCluster> StartAsync(int size, TestCertificates? tls = null)
    {
        var cluster = new EtcdCluster(size, tls);
        await cluster.InitializeAsync();
        return cluster;
    }

    public EtcdRegistry Connect(TimeSpan? requestTimeout = null) => new(new EtcdRegistryOptions
    {
        Endpoints = Endpoints,
        RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(5),
        CaFile = Tls?.CaFile,
        ClientCertificateFile = Tls?.ClientCertificateFile,
        ClientKeyFile = Tls?.ClientKeyFile,
    });

    public EtcdMember MemberAt(string clientUrl) => _members.Single(m => m.ClientUrl == clientUrl);

    /// <summary>
    /// The member that is raft leader now, as etcd's own status API says (a running member whose ID is
    /// the leader it reports); waits through an election for up to <paramref name="within"/>.
    /// </summary>
    public async Task<EtcdMember> FindLeaderAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (EtcdMember member in _members.Where(m => m.IsRunning))
            {
                try
                {
                    using var request = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                    using HttpResponseMessage response = await _health.PostAsync($"{member.ClientUrl}/v3/maintenance/status", request);
                    using var status = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    string? self = status.RootElement.GetProperty("header").GetProperty("member_id").GetString();
                    if (status.RootElement.TryGetProperty("leader", out System.Text.Json.JsonElement leader) && leader.GetString() == self)
                    {
                        return member;
                    }
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    // this member cannot say now; ask the next
                }
            }

            if (clock.Elapsed > within)
            {
                throw new TimeoutException($"no etcd member reported itself leader within {within.TotalSeconds} s");
            }

            await Task.Delay(50);
        }
    }

    public async Task InitializeAsync()
    {
        Exception? last = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await StartMembersAsync();
                return;
            }
            catch (TimeoutException error)
            {
                // Most likely a port taken between choosing and binding it: clean up, new ports.
                last = error;
                Cleanup();
            }
        }

        throw new InvalidOperationException($"etcd cluster of {Size} did not start", last);
    }

    /// <summary>Starts a killed member again on its ports and data, and waits until it is healthy.</summary>
    public async Task RestartAsync(EtcdMember member)
    {
        member.Kill();
        member.Start(_initialCluster);
        await WaitHealthyAsync(member, StartTimeout);
    }

    public async Task DisposeAsync()
    {
        Cleanup();
        if (_health != Http)
        {
            _health.Dispose();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task StartMembersAsync()
    {
        string tmpfs = "/dev/shm";
        string parent = Directory.Exists(tmpfs) ? tmpfs : Path.GetTempPath();
        _root = Path.Combine(parent, $"flotilla-etcd-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_root);
        int[] ports = FreePorts.Take(Size * 2);
        for (int i = 0; i < Size; i++)
        {
            _members.Add(new EtcdMember($"m{i}", ports[2 * i], ports[(2 * i) + 1], Path.Combine(_root, $"m{i}"), Tls));
        }

        _initialCluster = string.Join(",", _members.Select(m => $"{m.Name}={m.PeerUrl}"));
        foreach (EtcdMember member in _members)
        {
            member.Start(_initialCluster);
        }

        foreach (EtcdMember member in _members)
        {
            await WaitHealthyAsync(member, StartTimeout);
        }
    }

    private async Task WaitHealthyAsync(EtcdMember member, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (!member.IsRunning)
            {
                throw new TimeoutException($"etcd member {member.Name} exited while starting:\n{member.Log}");
            }

            try
            {
                string health = await _health.GetStringAsync($"{member.ClientUrl}/health");
                if (health.Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"etcd member {member.Name} was not healthy within {within.TotalSeconds} s:\n{member.Log}");
    }

    private void Cleanup()
    {
        foreach (EtcdMember member in _members)
        {
            member.Dispose();
        }

        _members.Clear();
        if (_root is not null && Directory.Exists(_root))
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // a file still held by a dying process; the tmp cleaner takes it
            }
        }

        _root = null;
    }
}
