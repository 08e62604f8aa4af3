namespace Flotilla.Confd.Pipeline;

/// <summary>Go's os.FileMode.String() for a regular file (<c>-rw-r--r--</c>), as confd's messages print modes.</summary>
internal static class FileModeText
{
    public static string Format(UnixFileMode mode)
    {
        var special = (mode.HasFlag(UnixFileMode.SetUser) ? "u" : "")
            + (mode.HasFlag(UnixFileMode.SetGroup) ? "g" : "")
            + (mode.HasFlag(UnixFileMode.StickyBit) ? "t" : "");
        const string letters = "rwxrwxrwx";
        var bits = new char[9];
        for (var i = 0; i < 9; i++)
        {
            bits[i] = ((int)mode & (1 << (8 - i))) != 0 ? letters[i] : '-';
        }
        return (special.Length == 0 ? "-" : special) + new string(bits);
    }
}
