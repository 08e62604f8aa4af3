using System.Security.Cryptography;
using System.Text;

namespace Flotilla.Agent.Presence;

/// <summary>
/// The mark every process of this agent's units carries (<c>FLOTILLA_RUNNER_ID</c>): derived from the
/// agent's data directory, so it is the same after a restart of the same agent (which must find and end
/// what its predecessor left) and differs between agents sharing one host (which must never touch each
/// other's units).
/// </summary>
public static class RunnerId
{
    /// <summary>The environment variable the runner sets on every unit process.</summary>
    public const string EnvironmentVariable = "FLOTILLA_RUNNER_ID";

    public static string FromDataDirectory(string dataDirectory)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        return "flotilla-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16];
    }
}
