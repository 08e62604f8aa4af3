using Flotilla.Confd.Pipeline;
using Flotilla.Confd.Stores;
using Flotilla.Registry.Data;
using Flotilla.Registry.Embedded;
using Flotilla.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Confd.Tests.Pipeline;

/// <summary>The pipeline of spec/confd.md against the embedded store and real files and commands.</summary>
public sealed class ResourceProcessorTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private EmbeddedRegistry _registry = null!;
    private ConfDirectory _conf = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_directory.Database)!);
        _registry = EmbeddedRegistry.Open(_directory.Database);
        _conf = new ConfDirectory(Path.Combine(_directory.Path, "confd"));
        await _registry.PutAsync("/app/port", RegistryText.Encode("8080"));
        await _registry.PutAsync("/app/host", RegistryText.Encode("web"));
        await _registry.PutAsync("/application/other", RegistryText.Encode("invisible"));
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        _directory.Dispose();
    }

    private ResourceProcessor Processor(PipelineOptions? options = null) =>
        new(new RegistryTemplateStore(_registry), options ?? new PipelineOptions(), NullLogger.Instance);

    private string Log => Path.Combine(_directory.Path, "commands.log");

    [Fact]
    public async Task Renders_dest_then_finds_it_in_sync_and_leaves_no_stage_file()
    {
        var resource = _conf.Add("app", "{{range gets \"/app/*\"}}{{.Key}}={{.Value}}\n{{end}}{{ls \"/app\"}}", "\"/app\"",
            $"reload_cmd = \"echo reload >> {Log}\"");

        var first = await Processor().ProcessAsync(resource, default);
        var second = await Processor().ProcessAsync(resource, default);

        Assert.Equal(ProcessResult.Updated, first.Result);
        Assert.Equal(ProcessResult.InSync, second.Result);
        Assert.Equal("/app/host=web\n/app/port=8080\n[host port]", File.ReadAllText(resource.Destination));
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(resource.Destination));
        Assert.Equal(["reload"], File.ReadAllLines(Log));
        Assert.Empty(_conf.StageFiles());
    }

    [Fact]
    public async Task A_failed_render_leaves_dest_untouched()
    {
        var resource = _conf.Add("app", "{{getv \"/app/missing\"}}", "\"/app\"", $"reload_cmd = \"echo reload >> {Log}\"");
        File.WriteAllText(resource.Destination, "old");

        var outcome = await Processor().ProcessAsync(resource, default);

        Assert.Equal(ProcessResult.Failed, outcome.Result);
        Assert.Contains("key does not exist: /app/missing", outcome.Error, StringComparison.Ordinal);
        Assert.Equal("old", File.ReadAllText(resource.Destination));
        Assert.False(File.Exists(Log));
        Assert.Empty(_conf.StageFiles());
    }

    [Fact]
    public async Task A_parse_error_names_the_template()
    {
        var resource = _conf.Add("app", "{{if}}", "\"/app\"");

        var outcome = await Processor().ProcessAsync(resource, default);

        Assert.Equal(ProcessResult.Failed, outcome.Result);
        Assert.Equal($"Unable to process template {resource.Source}, template: app.tmpl:1: missing value for if", outcome.Error);
        Assert.False(File.Exists(resource.Destination));
    }

    [Fact]
    public async Task A_failing_check_cmd_leaves_dest_untouched_and_runs_no_reload()
    {
        var resource = _conf.Add("app", "port={{getv \"/app/port\"}}", "\"/app\"",
            $"check_cmd = \"grep -q port=9999 {{{{.src}}}} || exit 3\"\nreload_cmd = \"echo reload >> {Log}\"");
        File.WriteAllText(resource.Destination, "old");

        var outcome = await Processor().ProcessAsync(resource, default);

        Assert.Equal(ProcessResult.Failed, outcome.Result);
        Assert.Equal("Config check failed: exit status 3", outcome.Error);
        Assert.Equal("old", File.ReadAllText(resource.Destination));
        Assert.False(File.Exists(Log));
        Assert.Empty(_conf.StageFiles());
    }

    [Fact]
    public async Task Check_cmd_sees_the_stage_file_through_src()
    {
        var seen = Path.Combine(_directory.Path, "seen");
        var resource = _conf.Add("app", "port={{getv \"/app/port\"}}", "\"/app\"", $"check_cmd = \"cp {{{{.src}}}} {seen}\"");

        var outcome = await Processor().ProcessAsync(resource, default);

        Assert.Equal(ProcessResult.Updated, outcome.Result);
        Assert.Equal("port=8080", File.ReadAllText(seen));
    }

    [Fact]
    public async Task Noop_reports_the_difference_and_changes_nothing()
    {
        var resource = _conf.Add("app", "new", "\"/app\"", $"reload_cmd = \"echo reload >> {Log}\"");
        File.WriteAllText(resource.Destination, "old");

        var outcome = await Processor(new PipelineOptions { Noop = true }).ProcessAsync(resource, default);

        Assert.Equal(ProcessResult.WouldUpdate, outcome.Result);
        Assert.Equal("old", File.ReadAllText(resource.Destination));
        Assert.False(File.Exists(Log));
    }

    [Fact]
    public async Task Sync_only_writes_dest_without_running_commands()
    {
        var resource = _conf.Add("app", "new", "\"/app\"", $"check_cmd = \"exit 1\"\nreload_cmd = \"echo reload >> {Log}\"");

        var outcome = await Processor(new PipelineOptions { SyncOnly = true }).ProcessAsync(resource, default);

        Assert.Equal(ProcessResult.Updated, outcome.Result);
        Assert.Equal("new", File.ReadAllText(resource.Destination));
        Assert.False(File.Exists(Log));
    }

    [Fact]
    public async Task A_changed_mode_alone_puts_dest_out_of_sync()
    {
        var resource = _conf.Add("app", "same", "\"/app\"", "mode = \"0600\"");
        File.WriteAllText(resource.Destination, "same");
        File.SetUnixFileMode(resource.Destination, (UnixFileMode)0b110_100_100);

        var outcome = await Processor().ProcessAsync(resource, default);

        Assert.Equal(ProcessResult.Updated, outcome.Result);
        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(resource.Destination));
    }

    [Fact]
    public async Task Without_a_mode_the_existing_dests_mode_is_kept()
    {
        var resource = _conf.Add("app", "new", "\"/app\"");
        File.WriteAllText(resource.Destination, "old");
        File.SetUnixFileMode(resource.Destination, (UnixFileMode)0b111_000_000);

        await Processor().ProcessAsync(resource, default);

        Assert.Equal("new", File.ReadAllText(resource.Destination));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(resource.Destination));
    }

    [Fact]
    public async Task Min_keys_refuses_to_render_a_thin_key_set()
    {
        var resource = _conf.Add("app", "{{range gets \"/app/*\"}}{{.Value}}{{end}}", "\"/app\"", "min_keys = 3");
        File.WriteAllText(resource.Destination, "old");

        var outcome = await Processor().ProcessAsync(resource, default);

        Assert.Equal(ProcessResult.Refused, outcome.Result);
        Assert.Equal("old", File.ReadAllText(resource.Destination));
    }

    [Fact]
    public async Task Keep_stage_file_leaves_the_stage_file_of_a_failed_check()
    {
        var resource = _conf.Add("app", "content", "\"/app\"", "check_cmd = \"false\"");

        var outcome = await Processor(new PipelineOptions { KeepStageFile = true }).ProcessAsync(resource, default);

        Assert.Equal(ProcessResult.Failed, outcome.Result);
        var stage = Assert.Single(_conf.StageFiles());
        Assert.StartsWith(".app.conf", Path.GetFileName(stage), StringComparison.Ordinal);
        Assert.Equal("content", File.ReadAllText(stage));
    }

    [Fact]
    public async Task A_failing_reload_cmd_fails_the_resource_after_dest_was_replaced()
    {
        var resource = _conf.Add("app", "new", "\"/app\"", "reload_cmd = \"exit 7\"");

        var outcome = await Processor().ProcessAsync(resource, default);

        Assert.Equal(ProcessResult.Failed, outcome.Result);
        Assert.Contains("exit status 7", outcome.Error, StringComparison.Ordinal);
        Assert.Equal("new", File.ReadAllText(resource.Destination));
    }

    [Fact]
    public async Task Uid_and_gid_are_applied_and_compared()
    {
        // Runs as root here and in CI (see the repository's process facts), so chown succeeds.
        var resource = _conf.Add("app", "same", "\"/app\"", "uid = 65534\ngid = 65534");
        File.WriteAllText(resource.Destination, "same");

        var first = await Processor().ProcessAsync(resource, default);
        var second = await Processor().ProcessAsync(resource, default);

        Assert.Equal(ProcessResult.Updated, first.Result);
        Assert.Equal(ProcessResult.InSync, second.Result);
        Assert.Equal((65534, 65534), Flotilla.Confd.Native.PosixFile.GetOwner(resource.Destination));
    }
}
