using System.Runtime.InteropServices;
using System.Collections.Immutable;
using System.Text;

namespace Flotilla.Units.Exec;

/// <summary>One command of an exec line (<c>ExecStart=</c> and friends) after splitting and unquoting.</summary>
/// <remarks>
/// Equality compares the arguments by content, so two parses of the same line are equal.
/// </remarks>
public sealed record ExecCommand
{
    public ExecCommand(ExecFlags flags, string path, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(arguments);
        Flags = flags;
        Path = path;
        Arguments = arguments.ToImmutableArray();
    }

    /// <summary>Takes <paramref name="arguments"/> as it is: callers pass an array nobody else holds.</summary>
    private ExecCommand(ExecFlags flags, string path, ImmutableArray<string> arguments)
    {
        Flags = flags;
        Path = path;
        Arguments = arguments;
    }

    /// <summary>The prefixes written before the program.</summary>
    public ExecFlags Flags { get; }

    /// <summary>The program as written (after specifier expansion): an absolute path or a bare file name.</summary>
    public string Path { get; }

    /// <summary>
    /// argv as the process will see it, argv[0] included: the program itself, or with <c>@</c> the
    /// second word of the line.
    /// </summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>
    /// Applies <paramref name="expand"/> (normally specifier expansion) to the program and to every
    /// argument, then checks the program again.
    /// </summary>
    /// <remarks>
    /// Kept apart from parsing so a line can be checked without a unit context (verify time) and
    /// expanded later by the runner. <paramref name="expand"/> may throw
    /// <see cref="Diagnostics.UnitValueException"/>; it is not caught.
    /// </remarks>
    public ExecCommand WithExpandedWords(Func<string, string> expand)
    {
        ArgumentNullException.ThrowIfNull(expand);
        var path = expand(Path);
        var arguments = new string[Arguments.Count];
        var changed = !ReferenceEquals(path, Path);
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = expand(Arguments[i]);
            changed |= !ReferenceEquals(arguments[i], Arguments[i]);
        }

        ExecProgramPath.Validate(path);

        // Expanders return the same string when there was nothing to expand: keep this command then.
        return changed
            ? new ExecCommand(Flags, path, ImmutableCollectionsMarshal.AsImmutableArray(arguments))
            : this;
    }

    public bool Equals(ExecCommand? other) =>
        other is not null
        && Flags == other.Flags
        && string.Equals(Path, other.Path, StringComparison.Ordinal)
        && Arguments.SequenceEqual(other.Arguments, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Flags);
        hash.Add(Path, StringComparer.Ordinal);
        foreach (var argument in Arguments)
        {
            hash.Add(argument, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>
    /// A command line that <see cref="ExecCommandParser.Parse"/> (without an expander) reads back
    /// into an equal command: prefixes, then the words, double-quoted where needed.
    /// </summary>
    /// <remarks>
    /// <c>%</c> is not doubled: the text describes the command after specifier expansion. A program
    /// whose name starts with a prefix character (possible only through a specifier) cannot be
    /// written back, because systemd strips prefixes after unquoting.
    /// </remarks>
    public override string ToString()
    {
        var builder = new StringBuilder();
        AppendPrefixes(builder, Flags);
        ExecWordQuoter.Append(builder, Path);

        // Without "@" argv[0] is the program itself and is not written twice.
        var first = Flags.HasFlag(ExecFlags.ArgumentZeroFromSecondWord) ? 0 : 1;
        for (var i = first; i < Arguments.Count; i++)
        {
            builder.Append(' ');
            ExecWordQuoter.Append(builder, Arguments[i]);
        }

        return builder.ToString();
    }

    private static void AppendPrefixes(StringBuilder builder, ExecFlags flags)
    {
        if (flags.HasFlag(ExecFlags.IgnoreFailure))
        {
            builder.Append('-');
        }

        if (flags.HasFlag(ExecFlags.ArgumentZeroFromSecondWord))
        {
            builder.Append('@');
        }

        if (flags.HasFlag(ExecFlags.NoEnvironmentExpansion))
        {
            builder.Append(':');
        }

        if (flags.HasFlag(ExecFlags.FullPrivileges))
        {
            builder.Append('+');
        }

        if (flags.HasFlag(ExecFlags.AmbientCapabilities))
        {
            builder.Append("!!");
        }
        else if (flags.HasFlag(ExecFlags.NoPrivilegeChange))
        {
            builder.Append('!');
        }
    }
}
