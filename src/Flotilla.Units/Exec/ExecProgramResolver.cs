namespace Flotilla.Units.Exec;

/// <summary>Finds the file to execute for the program of an exec line.</summary>
/// <remarks>
/// systemd (239+) looks up a bare program name in a fixed search path, not in the unit's or the
/// manager's <c>$PATH</c>, so the result does not depend on the environment.
/// </remarks>
public static class ExecProgramResolver
{
    /// <summary>The directories searched for a bare program name, in order.</summary>
    public const string SearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin";

    private static readonly string[] SearchDirectories = SearchPath.Split(':');

    /// <summary>
    /// Returns an absolute <paramref name="path"/> as it is (existence is the runner's concern, and
    /// <c>-</c> may make a missing one harmless), or the first <c>directory/name</c> in
    /// <see cref="SearchPath"/> that <paramref name="isExecutableFile"/> accepts; null if none does.
    /// </summary>
    public static string? Resolve(string path, Func<string, bool> isExecutableFile)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(isExecutableFile);
        if (path.StartsWith('/'))
        {
            return path;
        }

        // A relative path with "/" is rejected by the parser; never search for one here either.
        if (path.Length == 0 || path.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var directory in SearchDirectories)
        {
            var candidate = directory + "/" + path;
            if (isExecutableFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
