using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Units.Exec;

/// <summary>The checks systemd makes on the program of an exec line once specifiers are expanded.</summary>
internal static class ExecProgramPath
{
    // NAME_MAX: longer names cannot exist in any directory.
    private const int MaximumNameLength = 255;

    public static void Validate(string path)
    {
        if (path.Length == 0)
        {
            throw new UnitValueException("empty executable path");
        }

        // Quotes and backslashes left in a program name are almost surely quoting mistakes.
        foreach (var c in path)
        {
            if (c is '"' or '\'' or '\\' || char.IsControl(c))
            {
                throw new UnitValueException($"executable path contains special characters: {QuotedText.Quote(path)}");
            }
        }

        if (path[0] == '/')
        {
            if (path[^1] == '/')
            {
                throw new UnitValueException($"executable path specifies a directory: {QuotedText.Quote(path)}");
            }

            return;
        }

        // systemd 239+ accepts a bare file name and searches it in a fixed path; anything else
        // relative would depend on the working directory.
        if (path.Contains('/', StringComparison.Ordinal))
        {
            throw new UnitValueException($"executable path is not absolute: {QuotedText.Quote(path)}");
        }

        if (path is "." or ".." || System.Text.Encoding.UTF8.GetByteCount(path) > MaximumNameLength)
        {
            throw new UnitValueException($"executable name is not valid: {QuotedText.Quote(path)}");
        }
    }
}
