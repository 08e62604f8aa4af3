using System.Reflection;
using Flotilla.Cli.Fleetctl;
using Flotilla.Cli.Kv;

namespace Flotilla.Cli.Commands;

/// <summary>Dispatches <c>flotilla VERB ...</c> to its command; handles help, version and unknown verbs.</summary>
internal sealed class CliApplication(IReadOnlyList<ICliCommand> commands, TextWriter output, TextWriter error)
{
    public static CliApplication CreateDefault(TextWriter output, TextWriter error) =>
        Create(output, error, CommandContext.ForConsole(output, error, CancellationToken.None));

    public static CliApplication Create(TextWriter output, TextWriter error, CommandContext context) =>
        new(
            [
                new VerifyCommand(output, error), new EngineCommand(output, error), new AgentCommand(output, error), new TemplateCommand(output, error),
                new SubmitCommand(context), new LoadCommand(context), new StartCommand(context), new StopCommand(context),
                new UnloadCommand(context), new DestroyCommand(context), new RestartCommand(context),
                new CatCommand(context), new StatusCommand(context), new JournalCommand(context),
                new ListUnitsCommand(context), new ListUnitFilesCommand(context), new ListMachinesCommand(context),
                new KvCommand(context),
            ],
            output,
            error);

    public static string Version =>
        typeof(CliApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public int Run(IReadOnlyList<string> arguments)
    {
        // fleetctl took global flags before the verb (fleetctl --endpoint X list-units): move them after it.
        arguments = MoveLeadingGlobalFlags(arguments);
        if (arguments.Count == 0)
        {
            // fleetctl exited 0 here; a script that forgot its verb deserves a failure.
            error.Write(GeneralUsage());
            return UsageExitCode;
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
            return UsageExitCode;
        }

        var rest = arguments.Skip(1).ToList();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            output.Write(command.Usage);
            return 0;
        }

        return command.Run(rest);
    }

    /// <summary>Exit code of a command line that could not be understood (unknown verb or flag).</summary>
    public const int UsageExitCode = 2;

    private static IReadOnlyList<string> MoveLeadingGlobalFlags(IReadOnlyList<string> arguments)
    {
        var globals = new List<string>();
        var i = 0;
        while (i < arguments.Count && arguments[i].StartsWith("--", StringComparison.Ordinal) && arguments[i] != "--")
        {
            var name = arguments[i][2..].Split('=')[0];
            if (!GlobalFlags.All.TryGetValue(name, out var kind))
            {
                break;
            }

            globals.Add(arguments[i]);
            if (kind == FlagKind.Value && !arguments[i].Contains('=', StringComparison.Ordinal) && i + 1 < arguments.Count)
            {
                globals.Add(arguments[++i]);
            }

            i++;
        }

        if (globals.Count == 0)
        {
            return arguments;
        }

        return i < arguments.Count ? [arguments[i], .. globals, .. arguments.Skip(i + 1)] : [];
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

            Commands that talk to an agent also take --endpoint ADDR, --request-timeout SECS, --ca-file,
            --cert-file and --key-file (before or after the command; FLOTILLA_<FLAG>/FLEETCTL_<FLAG>
            set defaults). Run 'flotilla COMMAND --help' for the options of a command.

            """;
    }
}
