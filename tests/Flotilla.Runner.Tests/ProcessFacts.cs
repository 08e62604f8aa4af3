namespace Flotilla.Runner.Tests;

/// <summary>What /proc says about a process, for assertions.</summary>
public static class ProcessFacts
{
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static int Session(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static IReadOnlyDictionary<string, string> Environment(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);

    /// <summary>Reads a PID a unit wrote into a file, waiting until the file is complete.</summary>
    public static async Task<int> ReadPidAsync(string path)
    {
        var pid = 0;
        await Eventually.TrueAsync(() => File.Exists(path) && File.ReadAllText(path).EndsWith('\n') && int.TryParse(File.ReadAllText(path).Trim(), out pid), $"{path} was never written");
        return pid;
    }
}
