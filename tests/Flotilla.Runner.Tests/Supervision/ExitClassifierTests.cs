using Flotilla.Runner.Processes;
using Flotilla.Runner.Supervision;
using Flotilla.Units.Services;
using Flotilla.Units.Values;

namespace Flotilla.Runner.Tests.Supervision;

public sealed class ExitClassifierTests
{
    private static readonly ServiceDefinition Simple = new() { Type = ServiceType.Simple };

    [Theory]
    [InlineData(0, 0, "success")]
    [InlineData(1, 0, "exit-code")]
    [InlineData(0, 15, "success")]
    [InlineData(0, 1, "success")]
    [InlineData(0, 2, "success")]
    [InlineData(0, 13, "success")]
    [InlineData(0, 9, "signal")]
    [InlineData(0, 6, "signal")]
    public void The_main_process_of_a_simple_service_is_clean_on_0_and_the_four_polite_signals(int code, int signal, string result) =>
        Assert.Equal(result, ExitClassifier.Result(new ProcessExit(code, signal), Simple, isMainProcess: true));

    [Fact]
    public void SIGTERM_is_no_success_for_a_oneshot_or_a_control_process()
    {
        Assert.Equal("signal", ExitClassifier.Result(ProcessExit.Killed(15), new ServiceDefinition { Type = ServiceType.Oneshot }, isMainProcess: true));
        Assert.Equal("signal", ExitClassifier.Result(ProcessExit.Killed(15), Simple, isMainProcess: false));
    }

    [Fact]
    public void SuccessExitStatus_adds_codes_and_signals_for_the_main_process()
    {
        var service = Simple with { SuccessExitStatus = ExitStatusSet.Parse("75 SIGKILL") };

        Assert.True(ExitClassifier.IsClean(ProcessExit.Exited(75), service, isMainProcess: true));
        Assert.True(ExitClassifier.IsClean(ProcessExit.Killed(9), service, isMainProcess: true));
        Assert.False(ExitClassifier.IsClean(ProcessExit.Exited(75), service, isMainProcess: false));
        Assert.False(ExitClassifier.IsClean(ProcessExit.Exited(76), service, isMainProcess: true));
    }

    [Theory]
    [InlineData(143, 0, 15)]
    [InlineData(137, 0, 9)]
    [InlineData(1, 1, 0)]
    [InlineData(128, 128, 0)]
    [InlineData(255, 255, 0)]
    public void Dotnet_exit_codes_above_128_are_read_as_signals(int dotnet, int code, int signal) =>
        Assert.Equal(new ProcessExit(code, signal), ProcessExit.FromDotNetExitCode(dotnet));

    [Fact]
    public void EXIT_CODE_and_EXIT_STATUS_read_as_systemd_writes_them()
    {
        Assert.Equal(("exited", "3"), (ProcessExit.Exited(3).CodeText, ProcessExit.Exited(3).StatusText));
        Assert.Equal(("killed", "TERM"), (ProcessExit.Killed(15).CodeText, ProcessExit.Killed(15).StatusText));
    }
}
