using System.Text.Json.Nodes;
using Flotilla.Cli.Client;
using Flotilla.Cli.Fleetctl;

namespace Flotilla.Cli.Tests.Fleetctl;

/// <summary>status and journal against the fake transport, and their pure formatting.</summary>
public sealed class StatusAndJournalTests : IAsyncLifetime
{
    private readonly FakeAgentApi _api = new();

    public async Task InitializeAsync()
    {
        _api.Machines.Add(new FakeMachine("1a2b3c4d5e6f", "10.0.0.1"));
        var unit = FakeUnit.FromText("hello@1.service", "[Unit]\nDescription=Hello 1\n\n[Service]\nExecStart=/bin/sh -c 'echo hi'\n");
        unit.DesiredState = "launched";
        unit.CurrentState = "launched";
        unit.MachineId = "1a2b3c4d5e6f";
        _api.Units[unit.Name] = unit;
        _api.States.Add(new FakeState(unit.Name, "1a2b3c4d5e6f", unit.Hash, "loaded", "active", "running"));
        var stuck = FakeUnit.FromText("stuck.service", "[Service]\nExecStart=/bin/true\n");
        stuck.DesiredState = "launched";
        stuck.Reason = "no machine has metadata role=db";
        _api.Units[stuck.Name] = stuck;
        for (var i = 1; i <= 12; i++)
        {
            _api.Journal.Add(new JsonObject { ["time"] = $"2026-11-28T07:58:{i:00}.000Z", ["unit"] = "hello@1.service", ["source"] = "stdout", ["text"] = $"line {i}" });
        }

        _api.Journal.Add(new JsonObject { ["time"] = "2026-11-28T07:59:00.000Z", ["unit"] = "hello@1.service", ["source"] = "runner", ["text"] = "Started." });
        await _api.StartAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Journal_prints_the_last_lines()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("journal", "--lines", "3", "hello@1"));
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^Nov 28 \d\d:58:11 hello@1\.service: line 11$", lines[0]);
        Assert.Matches(@"^Nov 28 \d\d:59:00 flotilla\[hello@1\.service\]: Started\.$", lines[2]);
        Assert.Contains("GET /flotilla/v1/units/hello@1.service/journal?lines=3&follow=false", _api.Requests);
    }

    [Fact]
    public async Task Journal_follow_asks_the_agent_to_follow()
    {
        var (exit, _, _) = await CliRun.RunAsync(_api.Args("journal", "-f", "hello@1.service"));
        Assert.Equal(0, exit);
        Assert.Contains("GET /flotilla/v1/units/hello@1.service/journal?lines=10&follow=true", _api.Requests);
    }

    [Fact]
    public async Task Journal_of_an_unknown_unit_fails_with_the_agents_message()
    {
        var (exit, _, error) = await CliRun.RunAsync(_api.Args("journal", "ghost.service"));
        Assert.Equal(1, exit);
        Assert.Equal("no machine has a journal for ghost.service\n", error);
    }

    [Fact]
    public async Task Status_shows_state_machine_and_recent_output()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("status", "--lines", "2", "hello@1.service"));
        Assert.Equal(0, exit);
        var expectedHead =
            "● hello@1.service - Hello 1\n" +
            "   Desired: launched\n" +
            "   Machine: 1a2b3c4d.../10.0.0.1\n" +
            "    Loaded: loaded\n" +
            "    Active: active (running) since 2026-11-28 07:58:01 UTC\n";
        Assert.StartsWith(expectedHead, output, StringComparison.Ordinal);
        Assert.Matches(@"\n\nNov 28 \d\d:58:12 hello@1\.service: line 12\nNov 28 \d\d:59:00 flotilla\[hello@1\.service\]: Started\.\n$", output);
    }

    [Fact]
    public async Task Status_shows_why_a_unit_is_not_scheduled()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("status", "stuck"));
        Assert.Equal(0, exit);
        Assert.Contains("   Machine: -\n    Reason: no machine has metadata role=db\n    Active: inactive (no machine reports it)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_prints_the_main_pid_when_the_agent_knows_it()
    {
        var detail = new UnitDetail
        {
            Name = "a.service",
            DesiredState = "launched",
            MachineId = "m1",
            Hash = "1c6fb6f3684bafb0c173d8b8b957ceff031180c1",
            States = [new UnitDetailState { MachineId = "m1", Load = "loaded", Active = "active", Sub = "running", MainPid = 4242 }],
        };
        var text = StatusReport.Format(detail, null, new Dictionary<string, FleetMachine>());
        Assert.Equal(
            "● a.service\n   Desired: launched\n   Machine: m1...\n    Loaded: loaded\n    Active: active (running)\n  Main PID: 4242\n      Hash: 1c6fb6f\n",
            text);
    }
}
