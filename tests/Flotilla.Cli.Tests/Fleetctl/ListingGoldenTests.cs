namespace Flotilla.Cli.Tests.Fleetctl;

/// <summary>
/// Byte-exact listings as fleetctl printed them (Go tabwriter: tabs to multiples of 8, one tab
/// minimum; upper-case header; '-' for empty; 8chars... and /IP unless --full).
/// </summary>
public sealed class ListingGoldenTests : IAsyncLifetime
{
    private const string SleepHash = "1c6fb6f3684bafb0c173d8b8b957ceff031180c1";
    private readonly FakeAgentApi _api = new();
    private string _dbHash = "";
    private string _idleHash = "";

    public async Task InitializeAsync()
    {
        _api.Machines.Add(new FakeMachine("1a2b3c4d5e6f", "10.0.0.1", ("region", "us"), ("disk", "ssd")));
        _api.Machines.Add(new FakeMachine("9f8e7d6c5b4a", ""));
        _api.States.Add(new FakeState("hello@1.service", "1a2b3c4d5e6f", SleepHash, "loaded", "active", "running"));
        _api.States.Add(new FakeState("web.service", "9f8e7d6c5b4a", "aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd", "loaded", "failed", "failed"));
        _api.States.Add(new FakeState("orphan.service", "deadbeefcafe0000", "eeeeeeeeeeffffffffff00000000001111111111", "loaded", "activating", ""));

        var hello = FakeUnit.FromText("hello@1.service", "[Service]\nExecStart=/bin/sleep 100\n");
        hello.DesiredState = "launched";
        hello.CurrentState = "launched";
        hello.MachineId = "1a2b3c4d5e6f";
        var db = FakeUnit.FromText("db.service", "[Unit]\nDescription=The database\n\n[Service]\nExecStart=/bin/db\n\n[X-Fleet]\nGlobal=true\n");
        db.DesiredState = "launched";
        var idle = FakeUnit.FromText("idle.service", "[Service]\nExecStart=/bin/true\n");
        foreach (var unit in new[] { hello, db, idle })
        {
            _api.Units[unit.Name] = unit;
        }

        _dbHash = db.Hash[..7];
        _idleHash = idle.Hash[..7];
        await _api.StartAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task List_units_default_columns()
    {
        var (exit, output, error) = await CliRun.RunAsync(_api.Args("list-units"));
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal(
            "UNIT\t\tMACHINE\t\t\tACTIVE\t\tSUB\n" +
            "hello@1.service\t1a2b3c4d.../10.0.0.1\tactive\t\trunning\n" +
            "orphan.service\tdeadbeef...\t\tactivating\t-\n" +
            "web.service\t9f8e7d6c...\t\tfailed\t\tfailed\n",
            output);
    }

    [Fact]
    public async Task List_units_fields_full_and_no_legend()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("list-units", "--fields", "unit,load,hash,machine", "--full", "--no-legend"));
        Assert.Equal(0, exit);
        Assert.Equal(
            $"hello@1.service\tloaded\t{SleepHash}\t1a2b3c4d5e6f/10.0.0.1\n" +
            "orphan.service\tloaded\teeeeeeeeeeffffffffff00000000001111111111\tdeadbeefcafe0000\n" +
            "web.service\tloaded\taaaaaaaaaabbbbbbbbbbccccccccccdddddddddd\t9f8e7d6c5b4a\n",
            output);
    }

    [Fact]
    public async Task List_units_short_hash_is_seven_characters()
    {
        var (_, output, _) = await CliRun.RunAsync(_api.Args("list-units", "--fields=unit,hash", "--no-legend"));
        Assert.Equal("hello@1.service\t1c6fb6f\norphan.service\teeeeeee\nweb.service\taaaaaaa\n", output);
    }

    [Fact]
    public async Task List_unit_files_default_columns()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("list-unit-files"));
        Assert.Equal(0, exit);
        Assert.Equal(
            "UNIT\t\tHASH\tDSTATE\t\tSTATE\t\tTARGET\n" +
            $"db.service\t{_dbHash}\tlaunched\t-\t\tglobal\n" +
            "hello@1.service\t1c6fb6f\tlaunched\tlaunched\t1a2b3c4d.../10.0.0.1\n" +
            $"idle.service\t{_idleHash}\tinactive\t-\t\t-\n",
            output);
    }

    [Fact]
    public async Task List_unit_files_global_and_desc_fields()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("list-unit-files", "--fields", "unit,global,desc", "--no-legend"));
        Assert.Equal(0, exit);
        Assert.Equal("db.service\ttrue\tThe database\nhello@1.service\tfalse\t-\nidle.service\tfalse\t-\n", output);
    }

    [Fact]
    public async Task List_unit_files_full_prints_full_hash_and_machine()
    {
        var (_, output, _) = await CliRun.RunAsync(_api.Args("list-unit-files", "--fields", "hash,target", "--full", "--no-legend"));
        Assert.Contains($"{SleepHash}\t1a2b3c4d5e6f/10.0.0.1\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_machines_default_columns_with_sorted_metadata()
    {
        var (exit, output, _) = await CliRun.RunAsync(_api.Args("list-machines"));
        Assert.Equal(0, exit);
        Assert.Equal(
            "MACHINE\t\tIP\t\tMETADATA\n" +
            "1a2b3c4d...\t10.0.0.1\tdisk=ssd,region=us\n" +
            "9f8e7d6c...\t-\t\t-\n",
            output);
    }

    [Fact]
    public async Task List_machines_full_and_single_field()
    {
        var (_, output, _) = await CliRun.RunAsync(_api.Args("list-machines", "-l", "--fields", "machine"));
        Assert.Equal("MACHINE\n1a2b3c4d5e6f\n9f8e7d6c5b4a\n", output);
    }

    [Fact]
    public async Task Listings_follow_next_page_tokens()
    {
        _api.PageSize = 1;
        var (_, output, _) = await CliRun.RunAsync(_api.Args("list-units", "--fields", "unit", "--no-legend"));
        Assert.Equal("hello@1.service\norphan.service\nweb.service\n", output);
        Assert.Contains(_api.Requests, r => r.Contains("nextPageToken=2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("list-units")]
    [InlineData("list-unit-files")]
    [InlineData("list-machines")]
    public async Task Unknown_field_is_an_error(string verb)
    {
        var (exit, output, error) = await CliRun.RunAsync(_api.Args(verb, "--fields", "bogus"));
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal("Invalid key in output format: \"bogus\"\n", error);
    }
}
