using Flotilla.Runner.Supervision;
using Flotilla.Units.Services;
using Flotilla.Units.Specifiers;

namespace Flotilla.Runner.Tests.Supervision;

public sealed class ServiceLoaderTests
{
    private static readonly FixedHostFacts Host = new() { HostName = "node1" };

    [Fact]
    public void A_good_service_reads_into_a_definition_with_specifiers_expanded()
    {
        var (definition, error) = ServiceLoader.Read(RunnerHarness.Unit("app@7.service", "[Service]\nType=exec\nExecStart=/bin/echo %i %H\n"), Host);

        Assert.Null(error);
        Assert.Equal(ServiceType.Exec, definition!.Type);
        Assert.Equal(["/bin/echo", "7", "node1"], definition.ExecStart[0].Arguments);
    }

    [Theory]
    [InlineData("app@.service", "template")]
    [InlineData("app.socket", "unit type .socket is not supported")]
    [InlineData("no suffix", "invalid unit name")]
    public void Names_the_runner_cannot_run_give_a_reason(string name, string reason)
    {
        var (definition, error) = ServiceLoader.Read(RunnerHarness.Unit(name, "[Service]\nExecStart=/bin/true\n"), Host);

        Assert.Null(definition);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_name_the_file_and_line()
    {
        var (_, error) = ServiceLoader.Read(RunnerHarness.Unit("x.service", "[Service]\nExecStart=/bin/true\nKillMode=everything\n"), Host);

        Assert.StartsWith("x.service:3: KillMode:", error, StringComparison.Ordinal);
    }
}
