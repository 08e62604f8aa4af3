namespace Flotilla.Units.Environments;

/// <summary>
/// The rule for environment variable names in units and environment files: a letter or
/// underscore followed by letters, digits and underscores (ASCII). systemd is slightly more
/// permissive; this is the portable subset every shell can reference.
/// </summary>
public static class EnvironmentVariableName
{
    /// <summary>True when <paramref name="name"/> matches <c>[A-Za-z_][A-Za-z0-9_]*</c>.</summary>
    public static bool IsValid(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
