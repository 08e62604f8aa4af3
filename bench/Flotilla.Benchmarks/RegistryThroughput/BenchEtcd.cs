using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Flotilla.Benchmarks.RegistryThroughput;

/// <summary>A single-member etcd for the benchmark, on free 127.0.0.1 ports, data on tmpfs when there is one.</summary>
internal sealed class BenchEtcd : IDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;

    private BenchEtcd(Process process, string dataDirectory, string clientUrl)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        ClientUrl = clientUrl;
    }

    public string ClientUrl { get; }

    /// <summary>CPU time etcd has used so far (user + system), to tell a busy etcd from a busy client.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<BenchEtcd> StartAsync(CancellationToken cancellationToken)
    {
        string binary = File.Exists("/usr/bin/etcd") ? "/usr/bin/etcd" : "etcd";
        string parent = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        string data = Path.Combine(parent, $"flotilla-bench-etcd-{Guid.NewGuid():N}");
        (int client, int peer) = (FreePort(), FreePort());
        string clientUrl = $"http://127.0.0.1:{client}";
        string peerUrl = $"http://127.0.0.1:{peer}";
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[]
        {
            "--name", "bench", "--data-dir", data,
            "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
            "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
            "--initial-cluster", $"bench={peerUrl}", "--logger", "zap", "--log-level", "error",
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var etcd = new BenchEtcd(process, data, clientUrl);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        for (int attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                if ((await http.GetStringAsync($"{clientUrl}/health", cancellationToken)).Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return etcd;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                // not up yet
            }

            await Task.Delay(50, cancellationToken);
        }

        etcd.Dispose();
        throw new InvalidOperationException("etcd did not become healthy");
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
