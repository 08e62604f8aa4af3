namespace Flotilla.Runner.Processes;

/// <summary>
/// A <c>User=</c> resolved from <c>/etc/passwd</c> (by name or number): setpriv needs the primary group,
/// which systemd applies when only <c>User=</c> is set, and <c>WorkingDirectory=~</c> needs the home.
/// </summary>
internal sealed record UserAccount(string Name, string UserId, string GroupId, string HomeDirectory)
{
    public static UserAccount? Find(string user, string passwdPath = "/etc/passwd")
    {
        if (!File.Exists(passwdPath))
        {
            return null;
        }

        foreach (var line in File.ReadLines(passwdPath))
        {
            // name:password:uid:gid:gecos:home:shell
            var fields = line.Split(':');
            if (fields.Length >= 6 && !line.StartsWith('#') && (fields[0] == user || fields[2] == user))
            {
                return new UserAccount(fields[0], fields[2], fields[3], fields[5]);
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="group"/> is a number or a name in <c>/etc/group</c>.</summary>
    public static bool GroupExists(string group, string groupPath = "/etc/group")
    {
        if (group.All(char.IsAsciiDigit))
        {
            return true;
        }

        return File.Exists(groupPath) && File.ReadLines(groupPath).Any(line => line.Split(':')[0] == group);
    }
}
