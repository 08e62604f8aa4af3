namespace Flotilla.Units.Exec;

/// <summary>The prefixes written before the program of an exec line (systemd.service(5), "Command lines").</summary>
[Flags]
public enum ExecFlags
{
    None = 0,

    /// <summary><c>-</c>: a failing exit status is recorded but does not fail the unit.</summary>
    IgnoreFailure = 1,

    /// <summary><c>@</c>: the second word is passed as argv[0] instead of the program.</summary>
    ArgumentZeroFromSecondWord = 2,

    /// <summary><c>:</c>: no <c>$</c> environment variable expansion in the arguments.</summary>
    NoEnvironmentExpansion = 4,

    /// <summary><c>+</c>: run with full privileges, ignoring User=, Group= and sandboxing.</summary>
    FullPrivileges = 8,

    /// <summary><c>!</c>: sandboxing applies, but not the change of user and group.</summary>
    NoPrivilegeChange = 16,

    /// <summary><c>!!</c>: like <c>!</c>, using ambient capabilities where the kernel has them.</summary>
    AmbientCapabilities = 32,
}
