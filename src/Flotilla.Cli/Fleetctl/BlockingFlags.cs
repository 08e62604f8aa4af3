using System.Globalization;

namespace Flotilla.Cli.Fleetctl;

/// <summary><c>--no-block</c> and <c>--block-attempts N</c>, shared by the verbs that change desired states.</summary>
internal static class BlockingFlags
{
    /// <summary>Returned by <see cref="Attempts"/> for <c>--no-block</c>.</summary>
    public const int NoBlock = -1;

    public const string Usage = """
          --no-block              Do not wait for the units to reach their state
          --block-attempts N      Wait up to N attempts of 2 s each (polling every 250 ms); 0 waits for ever (default 0)
        """;

    public static void AddTo(Dictionary<string, FlagKind> flags)
    {
        flags["no-block"] = FlagKind.Switch;
        flags["block-attempts"] = FlagKind.Value;
    }

    /// <returns>The number of attempts, <see cref="NoBlock"/>, or null with <paramref name="error"/> set.</returns>
    public static int? Attempts(CommandLine line, out string? error)
    {
        error = null;
        if (line.Has("no-block"))
        {
            return NoBlock;
        }

        var text = line.Value("block-attempts");
        if (text is null)
        {
            return 0;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var attempts))
        {
            error = $"invalid --block-attempts \"{text}\": give a whole number, 0 or more";
            return null;
        }

        return attempts;
    }
}
