namespace Flotilla.Cli.Fleetctl;

/// <summary>
/// A parsed command line: flags (<c>--name value</c>, <c>--name=value</c>, <c>-x</c>) and positional
/// arguments, in Go-flag style as fleetctl's users typed them. Flags may appear anywhere; after
/// <c>--</c> everything is positional.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values;

    private CommandLine(Dictionary<string, string> values, IReadOnlyList<string> positionals)
    {
        _values = values;
        Positionals = positionals;
    }

    public IReadOnlyList<string> Positionals { get; }

    public string? Value(string flag) => _values.GetValueOrDefault(flag);

    public bool Has(string flag) => _values.TryGetValue(flag, out var value) && value != "false";

    /// <param name="flags">Long names (without dashes) and one-letter aliases, each with its kind; aliases map through <paramref name="aliases"/>.</param>
    /// <returns>The parsed line, or null with <paramref name="error"/> set.</returns>
    public static CommandLine? Parse(
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, FlagKind> flags,
        IReadOnlyDictionary<string, string> aliases,
        out string? error)
    {
        error = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var positionals = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument == "--")
            {
                positionals.AddRange(arguments.Skip(i + 1));
                break;
            }

            if (argument.Length < 2 || argument[0] != '-')
            {
                positionals.Add(argument);
                continue;
            }

            var body = argument.TrimStart('-');
            string? inline = null;
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                inline = body[(equals + 1)..];
                body = body[..equals];
            }

            var name = aliases.GetValueOrDefault(body, body);
            if (!flags.TryGetValue(name, out var kind))
            {
                error = $"unknown flag \"{argument}\"";
                return null;
            }

            if (kind == FlagKind.Switch)
            {
                values[name] = inline ?? "true";
                continue;
            }

            if (inline is null)
            {
                if (i + 1 >= arguments.Count)
                {
                    error = $"flag \"{argument}\" needs a value";
                    return null;
                }

                inline = arguments[++i];
            }

            values[name] = inline;
        }

        return new CommandLine(values, positionals);
    }
}
