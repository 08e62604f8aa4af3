using Flotilla.Units.Specifiers;

namespace Flotilla.Units.Tests.Specifiers;

public class LocalHostFactsTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\ncore:x:500:500::/home/core:/bin/zsh\n";
    private const string Group = "root:x:0:\ncore:x:500:\n";

    private static LocalHostFacts Facts(Dictionary<string, string> files, Dictionary<string, string>? environment = null) =>
        new(
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            path => files.TryGetValue(path, out var text) ? text : null,
            () => "fallback-host",
            () => "fallback-user");

    private static Dictionary<string, string> Files(string userId) => new()
    {
        ["/proc/sys/kernel/hostname"] = "node1.example.com\n",
        ["/etc/machine-id"] = "0123456789abcdef0123456789abcdef\n",
        ["/proc/sys/kernel/random/boot_id"] = "fedcba98-7654-3210-fedc-ba9876543210\n",
        ["/proc/sys/kernel/osrelease"] = "6.1.0-18-amd64\n",
        ["/proc/self/status"] = $"Name:\tx\nUid:\t{userId}\t{userId}\t{userId}\t{userId}\nGid:\t{userId}\t{userId}\t{userId}\t{userId}\n",
        ["/etc/passwd"] = Passwd,
        ["/etc/group"] = Group,
    };

    [Fact]
    public void Host_identity_comes_from_proc_and_etc()
    {
        var facts = Facts(Files("0"));
        Assert.Equal("node1.example.com", facts.HostName);
        Assert.Equal("0123456789abcdef0123456789abcdef", facts.MachineId);
        Assert.Equal("fedcba9876543210fedcba9876543210", facts.BootId);
        Assert.Equal("6.1.0-18-amd64", facts.KernelRelease);
    }

    [Fact]
    public void Root_gets_the_system_managers_directories()
    {
        var facts = Facts(Files("0"), new() { ["HOME"] = "/root" });
        Assert.Equal(
            ["/run", "/var/lib", "/var/cache", "/var/log", "/etc", "/tmp", "root", "0", "/root", "root", "0", "/bin/sh"],
            [facts.RuntimeDirectory, facts.StateDirectory, facts.CacheDirectory, facts.LogsDirectory, facts.ConfigurationDirectory,
             facts.TemporaryDirectory, facts.UserName, facts.UserId, facts.HomeDirectory, facts.GroupName, facts.GroupId, facts.Shell]);
    }

    [Fact]
    public void Other_users_get_a_user_managers_directories()
    {
        var facts = Facts(Files("500"));
        Assert.Equal(
            ["/run/user/500", "/home/core/.local/state", "/home/core/.cache", "/home/core/.local/state/log", "/home/core/.config",
             "core", "500", "/home/core", "core", "500", "/bin/zsh"],
            [facts.RuntimeDirectory, facts.StateDirectory, facts.CacheDirectory, facts.LogsDirectory, facts.ConfigurationDirectory,
             facts.UserName, facts.UserId, facts.HomeDirectory, facts.GroupName, facts.GroupId, facts.Shell]);
    }

    [Fact]
    public void The_environment_wins_when_it_holds_absolute_paths()
    {
        var facts = Facts(Files("500"), new()
        {
            ["XDG_RUNTIME_DIR"] = "/run/user/500x",
            ["XDG_STATE_HOME"] = "/s",
            ["XDG_CACHE_HOME"] = "relative/is/ignored",
            ["HOME"] = "/h",
            ["SHELL"] = "/bin/fish",
            ["TMPDIR"] = "tmp",
            ["TEMP"] = "/t",
        });
        Assert.Equal(
            ["/run/user/500x", "/s", "/h/.cache", "/s/log", "/h/.config", "/t", "/h", "/bin/fish"],
            [facts.RuntimeDirectory, facts.StateDirectory, facts.CacheDirectory, facts.LogsDirectory, facts.ConfigurationDirectory,
             facts.TemporaryDirectory, facts.HomeDirectory, facts.Shell]);
    }

    [Fact]
    public void Missing_files_give_empty_facts_or_fallbacks()
    {
        var facts = Facts([]);
        Assert.Equal("fallback-host", facts.HostName);
        Assert.Equal(string.Empty, facts.MachineId);
        Assert.Equal(string.Empty, facts.BootId);
        Assert.Equal(string.Empty, facts.KernelRelease);
        Assert.Equal("fallback-user", facts.UserName);
        Assert.Equal(string.Empty, facts.UserId);
        Assert.Equal(string.Empty, facts.GroupName);
        Assert.Equal(string.Empty, facts.HomeDirectory);
        Assert.Equal(string.Empty, facts.RuntimeDirectory);
        Assert.Equal("/tmp", facts.TemporaryDirectory);
    }

    [Fact]
    public void An_unknown_group_is_named_by_its_number()
    {
        var files = Files("500");
        files["/etc/group"] = string.Empty;
        Assert.Equal("500", Facts(files).GroupName);
    }

    [Fact]
    public void The_real_host_can_be_read()
    {
        // No assertion on values (they differ per machine): reading must simply not throw.
        var facts = new LocalHostFacts();
        Assert.NotNull(facts.HostName);
        Assert.NotNull(facts.UserName);
        Assert.NotNull(facts.TemporaryDirectory);
        Assert.NotNull(facts.RuntimeDirectory);
    }
}
