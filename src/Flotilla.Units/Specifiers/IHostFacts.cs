namespace Flotilla.Units.Specifiers;

/// <summary>
/// The facts about the host and the user running the agent that specifiers such as <c>%H</c>,
/// <c>%m</c> and <c>%u</c> expand to. An interface so that expansion stays pure and tests are
/// deterministic. Values are plain strings; a fact that cannot be determined is empty.
/// </summary>
public interface IHostFacts
{
    /// <summary><c>%H</c>: the full host name.</summary>
    string HostName { get; }

    /// <summary><c>%m</c>: the machine ID (32 lowercase hex digits).</summary>
    string MachineId { get; }

    /// <summary><c>%b</c>: the boot ID, without dashes.</summary>
    string BootId { get; }

    /// <summary><c>%v</c>: the kernel release (<c>uname -r</c>).</summary>
    string KernelRelease { get; }

    /// <summary><c>%t</c>: <c>/run</c> for root, <c>$XDG_RUNTIME_DIR</c> for other users.</summary>
    string RuntimeDirectory { get; }

    /// <summary><c>%S</c>: <c>/var/lib</c> for root.</summary>
    string StateDirectory { get; }

    /// <summary><c>%C</c>: <c>/var/cache</c> for root.</summary>
    string CacheDirectory { get; }

    /// <summary><c>%L</c>: <c>/var/log</c> for root.</summary>
    string LogsDirectory { get; }

    /// <summary><c>%E</c>: <c>/etc</c> for root.</summary>
    string ConfigurationDirectory { get; }

    /// <summary><c>%T</c>: <c>$TMPDIR</c>, else <c>/tmp</c>.</summary>
    string TemporaryDirectory { get; }

    /// <summary><c>%u</c>.</summary>
    string UserName { get; }

    /// <summary><c>%U</c>: the numeric user ID, as text.</summary>
    string UserId { get; }

    /// <summary><c>%h</c>.</summary>
    string HomeDirectory { get; }

    /// <summary><c>%g</c>.</summary>
    string GroupName { get; }

    /// <summary><c>%G</c>: the numeric group ID, as text.</summary>
    string GroupId { get; }

    /// <summary><c>%s</c>.</summary>
    string Shell { get; }
}
