namespace Flotilla.Runner.Systemd;

/// <summary>
/// Reads the KEY=VALUE form of <c>systemctl show</c>: one block of properties per unit, blocks separated
/// by an empty line, in the order the units were named. (The <c>--value</c> form is not used: it drops
/// the keys, so an empty value and a missing property cannot be told apart.)
/// </summary>
internal static class SystemdShowOutput
{
    /// <summary>The properties a status is made of, as passed to <c>--property=</c>.</summary>
    public const string StatusProperties = "Id,LoadState,ActiveState,SubState,Result,MainPID,StatusText,LoadError";

    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ParseBlocks(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var blocks = new List<IReadOnlyDictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var rawLine in output.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                current = null;
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                // Not a property line; systemctl writes none, so there is nothing to keep.
                continue;
            }

            if (current is null)
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                blocks.Add(current);
            }

            current[line[..equals]] = line[(equals + 1)..];
        }

        return blocks;
    }

    /// <summary>Pairs the blocks with the unit names they were asked for, checking each block's Id.</summary>
    /// <exception cref="FormatException">The output does not hold one block per name, in order.</exception>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ParseForUnits(string output, IReadOnlyList<string> unitNames)
    {
        ArgumentNullException.ThrowIfNull(unitNames);
        var blocks = ParseBlocks(output);
        if (blocks.Count != unitNames.Count)
        {
            throw new FormatException($"systemctl show printed {blocks.Count} property blocks for {unitNames.Count} units");
        }

        for (var i = 0; i < blocks.Count; i++)
        {
            // Our units are never aliases (the link and its file share the name), so the Id is the name.
            if (blocks[i].TryGetValue("Id", out var id) && id.Length > 0 && !string.Equals(id, unitNames[i], StringComparison.Ordinal))
            {
                throw new FormatException($"systemctl show printed the properties of {id} where {unitNames[i]} was expected");
            }
        }

        return blocks;
    }
}
