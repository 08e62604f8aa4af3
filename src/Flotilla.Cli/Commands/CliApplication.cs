using System.Reflection;

namespace Flotilla.Cli.Commands;

/// <summary>Dispatches <c>flotilla VERB ...</c> to its command; handles help, version and unknown verbs.</summary>
internal sealed class CliApplication(IReadOnlyList<ICliCommand> commands, TextWriter output, TextWriter error)
{
    public static CliApplication CreateDefault(TextWriter output, TextWriter error) =>
        new([new VerifyCommand(output, error), new EngineCommand(output, error), new AgentCommand(output, error), new TemplateCommand(output, error)], output, error);

    public static string Version =>
        typeof(CliApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public int Run(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0)
        {
            // fleetctl exited 0 here; a script that forgot its verb deserves a failure.
            error.Write(GeneralUsage());
            return 1;
        }

        var verb = arguments[0];
        switch (verb)
        {
            case "-h" or "--help" or "help":
                if (arguments.Count > 1 && Find(arguments[1]) is { } helped)
                {
                    output.Write(helped.Usage);
                    return 0;
                }

                output.Write(GeneralUsage());
                return 0;
            case "--version" or "version":
                output.WriteLine($"flotilla version {Version}");
                return 0;
        }

        var command = Find(verb);
        if (command is null)
        {
            error.WriteLine($"flotilla: unknown command \"{verb}\"");
            error.Write(GeneralUsage());
            return 1;
        }

        var rest = arguments.Skip(1).ToList();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            output.Write(command.Usage);
            return 0;
        }

        return command.Run(rest);
    }

    private ICliCommand? Find(string verb) => commands.FirstOrDefault(c => c.Name == verb);

    private string GeneralUsage()
    {
        var width = commands.Max(c => c.Name.Length) + 2;
        var lines = commands.Select(c => $"  {c.Name.PadRight(width)}{c.Summary}");
        return $"""
            Usage: flotilla COMMAND [OPTIONS] [ARGS...]

            Flotilla schedules systemd-style units across a cluster, like CoreOS fleet.

            Commands:
            {string.Join('\n', lines)}
              {"version".PadRight(width)}Print the version and exit

            Run 'flotilla COMMAND --help' for the options of a command.

            """;
    }
}
