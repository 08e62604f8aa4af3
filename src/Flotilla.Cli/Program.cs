using Flotilla.Cli.Commands;

namespace Flotilla.Cli;

internal static class Program
{
    public static int Main(string[] args) => CliApplication.CreateDefault(Console.Out, Console.Error).Run(args);
}
