namespace Flotilla.Cli.Commands;

/// <summary>One verb of the <c>flotilla</c> command line.</summary>
internal interface ICliCommand
{
    string Name { get; }

    /// <summary>One line for the command list in <c>flotilla --help</c>.</summary>
    string Summary { get; }

    /// <summary>Full usage text for <c>flotilla VERB --help</c>.</summary>
    string Usage { get; }

    /// <returns>The process exit code: 0 success, 1 error.</returns>
    int Run(IReadOnlyList<string> arguments);
}
