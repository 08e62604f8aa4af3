namespace Flotilla.Cli.Agent;

/// <summary>
/// Where an agent keeps its files, and how it finds its machine ID. One data directory per agent:
/// several agents on one host (tests build clusters that way) each need their own.
/// </summary>
internal static class AgentPaths
{
    /// <summary>root: /var/lib/flotilla; anyone else: $XDG_STATE_HOME/flotilla, else ~/.local/state/flotilla.</summary>
    public static string DefaultDataDirectory()
    {
        if (Environment.UserName == "root")
        {
            return "/var/lib/flotilla";
        }

        string? xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        string root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(root, "flotilla");
    }

    /// <summary>
    /// /etc/machine-id when readable and non-empty, else an ID generated once and kept in the data
    /// directory (containers and minimal systems often have no machine-id), so a restarted agent is the
    /// same machine.
    /// </summary>
    public static string ResolveMachineId(string dataDirectory, string systemMachineIdFile = "/etc/machine-id")
    {
        string? system = ReadFirstLine(systemMachineIdFile);
        if (!string.IsNullOrEmpty(system))
        {
            return system;
        }

        string kept = Path.Combine(dataDirectory, "machine-id");
        string? generated = ReadFirstLine(kept);
        if (!string.IsNullOrEmpty(generated))
        {
            return generated;
        }

        generated = Guid.NewGuid().ToString("N");
        File.WriteAllText(kept, generated + "\n");
        return generated;
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
