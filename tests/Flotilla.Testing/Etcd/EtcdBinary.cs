namespace Flotilla.Testing.Etcd;

/// <summary>Where the etcd server binary is: on PATH or /usr/bin/etcd. Missing etcd fails the tests, never skips them.</summary>
public static class EtcdBinary
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = System.IO.Path.Combine(directory, "etcd");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        if (File.Exists("/usr/bin/etcd"))
        {
            return "/usr/bin/etcd";
        }

        throw new InvalidOperationException("etcd was not found on PATH or at /usr/bin/etcd; the etcd registry tests need a real etcd 3.4+ (test.sh installs it, or: apt-get install etcd-server)");
    }
}
