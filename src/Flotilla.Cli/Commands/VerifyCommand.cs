using System.Text.Json;
using Flotilla.Cli.Verify;
using Flotilla.Units.Specifiers;
using Flotilla.Units.Verification;

namespace Flotilla.Cli.Commands;

/// <summary>
/// <c>flotilla verify [--json] [--print] FILE...</c>: parses and validates unit files offline, the
/// way the registry would before accepting them.
/// </summary>
internal sealed class VerifyCommand(TextWriter output, TextWriter error) : ICliCommand
{
    public string Name => "verify";

    public string Summary => "Parse and validate unit files without a cluster";

    public string Usage => """
        Usage: flotilla verify [--json] [--print] FILE...

        Parses each unit file and checks its name, syntax, [X-Fleet] requirements and service
        options. The unit's name is the file's name.

        Prints 'OK <unit> <short hash>' for a valid file (warnings follow on stderr) and one line
        'FILE:LINE: message' per error on stderr. Exits 1 if any file has an error.

        Options:
          --json    Print one JSON object per file (one per line): name, hash, errors, warnings,
                    nameInfo, requirements, service.
          --print   Print the normalized unit text (what fleet hashes and 'cat' shows) instead of
                    the OK line.

        """;

    public int Run(IReadOnlyList<string> arguments)
    {
        var json = false;
        var print = false;
        var files = new List<string>();
        var onlyFiles = false;
        foreach (var argument in arguments)
        {
            switch (argument)
            {
                case "--json" when !onlyFiles:
                    json = true;
                    break;
                case "--print" when !onlyFiles:
                    print = true;
                    break;
                case "--" when !onlyFiles:
                    onlyFiles = true;
                    break;
                default:
                    if (!onlyFiles && argument.StartsWith('-') && argument.Length > 1)
                    {
                        error.WriteLine($"flotilla verify: unknown option \"{argument}\"");
                        error.Write(Usage);
                        return 1;
                    }

                    files.Add(argument);
                    break;
            }
        }

        if (files.Count == 0)
        {
            error.WriteLine("flotilla verify: no unit files given");
            error.Write(Usage);
            return 1;
        }

        var host = new LocalHostFacts();
        var failed = false;
        foreach (var path in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{path}: cannot read: {e.Message}");
                failed = true;
                continue;
            }

            var verification = UnitVerifier.Verify(path, Path.GetFileName(path), text, host);
            failed |= !verification.IsValid;
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(VerificationJson.From(verification), VerifyJsonContext.Default.VerificationJson));
                continue;
            }

            foreach (var diagnostic in verification.Diagnostics)
            {
                error.WriteLine(diagnostic.ToString());
            }

            if (!verification.IsValid)
            {
                continue;
            }

            if (print)
            {
                if (files.Count > 1)
                {
                    output.WriteLine($"# {verification.UnitName}");
                }

                output.Write(verification.File.NormalizedText);
            }
            else
            {
                output.WriteLine($"OK {verification.UnitName} {verification.File.ShortHash}");
            }
        }

        return failed ? 1 : 0;
    }
}
