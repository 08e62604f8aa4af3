namespace Flotilla.Units.Specifiers;

/// <summary>
/// Facts about the real host and the user running this process, read from <c>/proc</c>, <c>/etc</c>
/// and the environment the first time each one is asked for. A fact that cannot be read is empty.
/// </summary>
/// <remarks>
/// Like systemd, root gets the system manager's directories (<c>/run</c>, <c>/var/lib</c>,
/// <c>/var/cache</c>, <c>/var/log</c>, <c>/etc</c>) and any other user gets a user manager's
/// (<c>$XDG_RUNTIME_DIR</c>, <c>$XDG_STATE_HOME</c>, <c>$XDG_CACHE_HOME</c>,
/// <c>$XDG_STATE_HOME/log</c>, <c>$XDG_CONFIG_HOME</c>, with the XDG defaults under the home directory).
/// </remarks>
public sealed class LocalHostFacts : IHostFacts
{
    private readonly Func<string, string?> _environment;
    private readonly Func<string, string?> _readFile;
    private readonly Lazy<string> _hostName;
    private readonly Lazy<string> _machineId;
    private readonly Lazy<string> _bootId;
    private readonly Lazy<string> _kernelRelease;
    private readonly Lazy<string> _temporaryDirectory;
    private readonly Lazy<Account> _account;

    public LocalHostFacts()
        : this(Environment.GetEnvironmentVariable, ReadFileOrNull, () => Environment.MachineName, () => Environment.UserName)
    {
    }

    /// <summary>For tests: the environment and the files come from the given functions.</summary>
    internal LocalHostFacts(
        Func<string, string?> environment,
        Func<string, string?> readFile,
        Func<string> fallbackHostName,
        Func<string> fallbackUserName)
    {
        _environment = environment;
        _readFile = readFile;

        // Environment.MachineName cuts the name at the first dot, so it is only the fallback.
        _hostName = new(() => ReadLine("/proc/sys/kernel/hostname") is { Length: > 0 } name ? name : fallbackHostName());
        _machineId = new(() => ReadLine("/etc/machine-id"));
        _bootId = new(() => ReadLine("/proc/sys/kernel/random/boot_id").Replace("-", string.Empty, StringComparison.Ordinal));
        _kernelRelease = new(() => ReadLine("/proc/sys/kernel/osrelease"));
        _temporaryDirectory = new(() => AbsoluteVariable("TMPDIR") ?? AbsoluteVariable("TEMP") ?? AbsoluteVariable("TMP") ?? "/tmp");
        _account = new(() => ReadAccount(fallbackUserName));
    }

    public string HostName => _hostName.Value;

    public string MachineId => _machineId.Value;

    public string BootId => _bootId.Value;

    public string KernelRelease => _kernelRelease.Value;

    public string RuntimeDirectory => _account.Value.RuntimeDirectory;

    public string StateDirectory => _account.Value.StateDirectory;

    public string CacheDirectory => _account.Value.CacheDirectory;

    public string LogsDirectory => _account.Value.LogsDirectory;

    public string ConfigurationDirectory => _account.Value.ConfigurationDirectory;

    public string TemporaryDirectory => _temporaryDirectory.Value;

    public string UserName => _account.Value.UserName;

    public string UserId => _account.Value.UserId;

    public string HomeDirectory => _account.Value.HomeDirectory;

    public string GroupName => _account.Value.GroupName;

    public string GroupId => _account.Value.GroupId;

    public string Shell => _account.Value.Shell;

    private Account ReadAccount(Func<string> fallbackUserName)
    {
        var status = _readFile("/proc/self/status") ?? string.Empty;
        var userId = AccountFiles.FindStatusId(status, "Uid") ?? string.Empty;
        var groupId = AccountFiles.FindStatusId(status, "Gid") ?? string.Empty;
        var isRoot = userId == "0";
        var entry = userId.Length > 0 ? AccountFiles.FindUser(_readFile("/etc/passwd") ?? string.Empty, userId) : null;
        var groupName = groupId.Length > 0 ? AccountFiles.FindGroupName(_readFile("/etc/group") ?? string.Empty, groupId) : null;

        // Home and shell follow systemd: the environment first, then root's fixed values, then passwd.
        var home = AbsoluteVariable("HOME") ?? (isRoot ? "/root" : NonEmpty(entry?.HomeDirectory) ?? string.Empty);
        var shell = AbsoluteVariable("SHELL") ?? (isRoot ? "/bin/sh" : NonEmpty(entry?.Shell) ?? string.Empty);

        string runtime, state, cache, config;
        if (isRoot)
        {
            (runtime, state, cache, config) = ("/run", "/var/lib", "/var/cache", "/etc");
        }
        else
        {
            runtime = AbsoluteVariable("XDG_RUNTIME_DIR") ?? (userId.Length > 0 ? "/run/user/" + userId : string.Empty);
            state = AbsoluteVariable("XDG_STATE_HOME") ?? UnderHome(home, ".local/state");
            cache = AbsoluteVariable("XDG_CACHE_HOME") ?? UnderHome(home, ".cache");
            config = AbsoluteVariable("XDG_CONFIG_HOME") ?? UnderHome(home, ".config");
        }

        return new Account(
            UserName: isRoot ? "root" : entry?.Name ?? fallbackUserName(),
            UserId: userId,
            GroupName: groupName ?? groupId,
            GroupId: groupId,
            HomeDirectory: home,
            Shell: shell,
            RuntimeDirectory: runtime,
            StateDirectory: state,
            CacheDirectory: cache,
            LogsDirectory: isRoot ? "/var/log" : state.Length > 0 ? state + "/log" : string.Empty,
            ConfigurationDirectory: config);
    }

    private static string UnderHome(string home, string relative) => home.Length > 0 ? home.TrimEnd('/') + "/" + relative : string.Empty;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // Relative values are ignored, as systemd does, so a stray "TMPDIR=tmp" cannot make %T relative.
    private string? AbsoluteVariable(string name) => _environment(name) is { } value && value.StartsWith('/') ? value : null;

    private string ReadLine(string path) => (_readFile(path) ?? string.Empty).Trim();

    private static string? ReadFileOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed record Account(
        string UserName,
        string UserId,
        string GroupName,
        string GroupId,
        string HomeDirectory,
        string Shell,
        string RuntimeDirectory,
        string StateDirectory,
        string CacheDirectory,
        string LogsDirectory,
        string ConfigurationDirectory);
}
