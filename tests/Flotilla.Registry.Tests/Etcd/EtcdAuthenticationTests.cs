using System.Diagnostics;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Etcd;

namespace Flotilla.Registry.Tests.Etcd;

/// <summary>User and password reach etcd (its Authenticate RPC, then the token header on every request).</summary>
public sealed class EtcdAuthenticationTests
{
    [Fact]
    public async Task A_user_with_the_right_password_reads_and_writes_and_a_wrong_one_is_refused()
    {
        await using EtcdCluster cluster = await EtcdCluster.StartAsync(1);
        string endpoint = cluster.Endpoints[0];
        await EtcdctlAsync(endpoint, "user", "add", "root:s3cret");
        await EtcdctlAsync(endpoint, "auth", "enable");

        await using (var registry = new EtcdRegistry(new EtcdRegistryOptions { Endpoints = [endpoint], Username = "root", Password = "s3cret" }))
        {
            long revision = await registry.PutAsync("/auth/a", Data.RegistryText.Encode("1"));
            Assert.Equal(revision, (await registry.GetAsync("/auth/a"))!.ModRevision);
        }

        await using (var wrong = new EtcdRegistry(new EtcdRegistryOptions { Endpoints = [endpoint], Username = "root", Password = "nope" }))
        {
            var error = await Assert.ThrowsAsync<RegistryException>(() => wrong.GetAsync("/auth/a"));
            Assert.Contains("credentials", error.Message);
        }

        await using var anonymous = new EtcdRegistry(new EtcdRegistryOptions { Endpoints = [endpoint] });
        await Assert.ThrowsAnyAsync<RegistryException>(() => anonymous.GetAsync("/auth/a"));
    }

    private static async Task EtcdctlAsync(string endpoint, params string[] arguments)
    {
        string binary = File.Exists("/usr/bin/etcdctl") ? "/usr/bin/etcdctl" : "etcdctl";
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["ETCDCTL_API"] = "3";
        start.ArgumentList.Add($"--endpoints={endpoint}");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"etcdctl {string.Join(' ', arguments)} failed: {await output} {error}");
    }
}
