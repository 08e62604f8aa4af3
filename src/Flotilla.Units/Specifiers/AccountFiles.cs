namespace Flotilla.Units.Specifiers;

/// <summary>
/// Pure lookups in the texts of <c>/etc/passwd</c>, <c>/etc/group</c> and <c>/proc/self/status</c>,
/// kept apart from <see cref="LocalHostFacts"/> so they can be tested without the files.
/// </summary>
/// <remarks>
/// Only the local files are read, not NSS (LDAP, systemd-homed, ...): .NET has no portable
/// getpwuid, and the agent's own account is practically always a local one.
/// </remarks>
internal static class AccountFiles
{
    /// <summary>Finds the passwd entry whose user ID is <paramref name="userId"/> (first match wins).</summary>
    public static AccountEntry? FindUser(string passwdText, string userId)
    {
        foreach (var line in passwdText.Split('\n'))
        {
            // name:password:uid:gid:gecos:home:shell
            var fields = line.TrimEnd('\r').Split(':');
            if (fields.Length >= 7 && fields[2] == userId && !line.StartsWith('#'))
            {
                return new AccountEntry(fields[0], fields[2], fields[3], fields[5], fields[6]);
            }
        }

        return null;
    }

    /// <summary>Finds the name of the group whose ID is <paramref name="groupId"/> (first match wins).</summary>
    public static string? FindGroupName(string groupText, string groupId)
    {
        foreach (var line in groupText.Split('\n'))
        {
            // name:password:gid:members
            var fields = line.TrimEnd('\r').Split(':');
            if (fields.Length >= 3 && fields[2] == groupId && !line.StartsWith('#'))
            {
                return fields[0];
            }
        }

        return null;
    }

    /// <summary>
    /// Reads the real ID from a <c>Uid:</c> or <c>Gid:</c> line of <c>/proc/self/status</c>
    /// (<c>Uid:\t1000\t1000\t1000\t1000</c>: real, effective, saved, file system).
    /// </summary>
    public static string? FindStatusId(string statusText, string field)
    {
        var label = field + ":";
        foreach (var line in statusText.Split('\n'))
        {
            if (line.StartsWith(label, StringComparison.Ordinal))
            {
                var values = line[label.Length..].Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                return values.Length > 0 ? values[0] : null;
            }
        }

        return null;
    }
}
