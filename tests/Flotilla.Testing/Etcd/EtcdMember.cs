using System.Diagnostics;
using System.Text;

namespace Flotilla.Testing.Etcd;

/// <summary>One real etcd process on 127.0.0.1; can be killed (-9) and restarted on the same ports and data.</summary>
public sealed class EtcdMember : IDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    /// <param name="tls">When given, clients must use https and present a certificate from its CA; peers stay on http.</param>
    public EtcdMember(string name, int clientPort, int peerPort, string dataDirectory, TestCertificates? tls = null)
    {
        Name = name;
        ClientPort = clientPort;
        PeerPort = peerPort;
        DataDirectory = dataDirectory;
        Tls = tls;
    }

    public string Name { get; }

    public int ClientPort { get; }

    public int PeerPort { get; }

    public string DataDirectory { get; }

    public TestCertificates? Tls { get; }

    public string ClientUrl => $"{(Tls is null ? "http" : "https")}://127.0.0.1:{ClientPort}";

    public string PeerUrl => $"http://127.0.0.1:{PeerPort}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What etcd printed (the last lines), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.Length > 4000 ? _log.ToString(_log.Length - 4000, 4000) : _log.ToString();
            }
        }
    }

    public void Start(string initialCluster)
    {
        var start = new ProcessStartInfo(EtcdBinary.Path)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "--name", Name,
            "--data-dir", DataDirectory,
            "--listen-client-urls", ClientUrl,
            "--advertise-client-urls", ClientUrl,
            "--listen-peer-urls", PeerUrl,
            "--initial-advertise-peer-urls", PeerUrl,
            "--initial-cluster", initialCluster,
            "--initial-cluster-state", "new",
            "--initial-cluster-token", "flotilla-test",
            // Fast elections so failover tests take seconds; loopback latency allows it.
            "--heartbeat-interval", "50",
            "--election-timeout", "500",
            "--logger", "zap",
            "--log-level", "warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (Tls is not null)
        {
            foreach (string argument in new[]
            {
                "--cert-file", Tls.ServerCertificateFile,
                "--key-file", Tls.ServerKeyFile,
                "--trusted-ca-file", Tls.CaFile,
                "--client-cert-auth",
            })
            {
                start.ArgumentList.Add(argument);
            }
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>kill -9: no goodbye to the peers or the clients.</summary>
    public void Kill()
    {
        Process? process = _process;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        process.Dispose();
        _process = null;
    }

    /// <summary>SIGSTOP: the member keeps its connections open but answers nothing, like a hung or partitioned one.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>SIGCONT after <see cref="Freeze"/>.</summary>
    public void Thaw() => Signal("CONT");

    public void Dispose() => Kill();

    private void Signal(string name)
    {
        Process process = _process ?? throw new InvalidOperationException($"etcd member {Name} is not running");
        using Process kill = Process.Start("kill", ["-" + name, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{name} {process.Id} exited with {kill.ExitCode}");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
