using System.Runtime.InteropServices;

namespace Flotilla.Confd.Native;

/// <summary>
/// The ownership calls .NET lacks (it has File.GetUnixFileMode but nothing for uid/gid): stat's owner,
/// chown, and the process's effective ids, which are confd's default owner of a dest file.
/// </summary>
internal static unsafe partial class PosixFile
{
    /// <summary>The owner of <paramref name="path"/>, or null when it cannot be read.</summary>
    public static (int Uid, int Gid)? GetOwner(string path)
    {
        // struct stat is 144 bytes on x86-64 and 128 on the generic (arm64) layout; 256 is room for both.
        var buffer = stackalloc byte[256];
        if (Stat(path, buffer) != 0)
        {
            return null;
        }
        var (uidOffset, gidOffset) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => (28, 32),
            _ => (24, 28), // asm-generic layout: dev, ino, mode, nlink, uid, gid (arm64, riscv64, loongarch64)
        };
        return (*(int*)(buffer + uidOffset), *(int*)(buffer + gidOffset));
    }

    /// <summary>Changes the owner; false when the call failed (not root, or the id does not exist).</summary>
    public static bool TryChangeOwner(string path, int uid, int gid) => Chown(path, uid, gid) == 0;

    public static int EffectiveUserId => (int)GetEffectiveUserId();

    public static int EffectiveGroupId => (int)GetEffectiveGroupId();

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, int uid, int gid);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint GetEffectiveGroupId();
}
