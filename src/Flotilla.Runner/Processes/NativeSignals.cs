using System.Runtime.InteropServices;

namespace Flotilla.Runner.Processes;

/// <summary>kill(2): the .NET Process class can only SIGKILL one process, the runner needs any signal to any PID.</summary>
internal static partial class NativeSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;

    /// <summary>Sends <paramref name="signal"/>; false when the process is gone (or not ours to signal).</summary>
    public static bool Send(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
