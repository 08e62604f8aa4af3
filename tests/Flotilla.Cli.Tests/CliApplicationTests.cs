using Flotilla.Cli.Commands;

namespace Flotilla.Cli.Tests;

public class CliApplicationTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = CliApplication.CreateDefault(output, error).Run(arguments);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void No_arguments_prints_usage_and_fails()
    {
        var (exitCode, output, error) = Run();
        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("Usage: flotilla COMMAND", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_command_names_it_and_fails()
    {
        var (exitCode, _, error) = Run("frobnicate");
        Assert.Equal(2, exitCode);
        Assert.StartsWith("flotilla: unknown command \"frobnicate\"\nUsage:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_lists_the_commands(string flag)
    {
        var (exitCode, output, _) = Run(flag);
        Assert.Equal(0, exitCode);
        Assert.Contains("  verify ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("verify", "--help")]
    [InlineData("help", "verify")]
    public void Command_help_shows_its_usage(string first, string second)
    {
        var (exitCode, output, _) = Run(first, second);
        Assert.Equal(0, exitCode);
        Assert.StartsWith("Usage: flotilla verify [--json] [--print] FILE...", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_a_version()
    {
        var (exitCode, output, _) = Run("--version");
        Assert.Equal(0, exitCode);
        Assert.Matches(@"^flotilla version \d+\.\d+\.\d+", output);
    }

    [Fact]
    public void Verify_without_files_fails_with_usage()
    {
        var (exitCode, _, error) = Run("verify");
        Assert.Equal(1, exitCode);
        Assert.StartsWith("flotilla verify: no unit files given\nUsage:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_rejects_unknown_options()
    {
        var (exitCode, _, error) = Run("verify", "--jsn", "a.service");
        Assert.Equal(1, exitCode);
        Assert.StartsWith("flotilla verify: unknown option \"--jsn\"", error, StringComparison.Ordinal);
    }
}
