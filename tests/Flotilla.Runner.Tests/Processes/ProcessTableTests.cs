using Flotilla.Runner.Processes;
using Flotilla.Runner.Supervision;

namespace Flotilla.Runner.Tests.Processes;

public sealed class ProcessTableTests
{
    [Fact]
    public async Task A_marker_matches_whole_environment_entries_only()
    {
        var id = Guid.NewGuid().ToString("N");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sleep", "30")
        {
            Environment = { ["FLOTILLA_TEST_MARK"] = id + "-longer" },
        })!;
        try
        {
            var pid = process.Id;
            await Eventually.TrueAsync(() => ProcessTable.Find("FLOTILLA_TEST_MARK=" + id + "-longer", []).Contains(pid), "the marked process was never found");

            Assert.DoesNotContain(pid, ProcessTable.Find("FLOTILLA_TEST_MARK=" + id, []));
            Assert.True(ProcessTable.IsAlive(pid));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        Assert.False(ProcessTable.IsAlive(process.Id));
    }

    [Fact]
    public void Notify_messages_are_key_value_lines()
    {
        var message = NotifySocket.Parse("READY=1\nSTATUS=up and running\nnonsense\nMAINPID=42");

        Assert.Equal(
            [new("READY", "1"), new("STATUS", "up and running"), new("MAINPID", "42")],
            message);
    }
}
