using System.Globalization;

namespace Flotilla.Agent.Presence;

/// <summary>
/// The file the watchdog reads: the moment (Unix epoch milliseconds) after which this agent's unit
/// processes must not run, because its presence lease may have expired. <c>0</c> means disarmed: the
/// agent holds no lease and runs no placed units (after self-fencing, or before its first lease).
/// Written atomically (temporary file, then rename), so the watchdog never reads half a number.
/// </summary>
public sealed class DeadlineFile(string path)
{
    private long _written = -1;

    public string Path { get; } = path;

    /// <summary>Arms the deadline; does nothing when it is unchanged.</summary>
    public void Write(DateTimeOffset deadline) => WriteValue(Math.Max(1, deadline.ToUnixTimeMilliseconds()));

    /// <summary>Disarms: the agent has stopped everything a lost lease would make a duplicate.</summary>
    public void Disarm() => WriteValue(0);

    /// <summary>Reads the file: null when missing, 0 when disarmed.</summary>
    public static long? Read(string path) =>
        File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : null;

    private void WriteValue(long value)
    {
        if (value == _written)
        {
            return;
        }

        string temporary = Path + ".tmp";
        File.WriteAllText(temporary, value.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, Path, overwrite: true);
        _written = value;
    }
}
