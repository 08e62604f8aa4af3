using Flotilla.Confd.Pipeline;
using Flotilla.Confd.Stores;
using Flotilla.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Confd.Tests;

/// <summary>The role's modes over the file backend (confd's YAML files).</summary>
public sealed class TemplateRoleTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Keys => Path.Combine(_directory.Path, "keys.yaml");

    [Fact]
    public async Task Onetime_reports_failure_when_any_resource_fails_and_still_renders_the_others()
    {
        File.WriteAllText(Keys, "app:\n  port: 80\n");
        var conf = new ConfDirectory(Path.Combine(_directory.Path, "confd"));
        var bad = conf.Add("a", "{{getv \"/app/missing\"}}", "\"/app\"");
        var good = conf.Add("b", "port={{getv \"/app/port\"}}", "\"/app\"");
        var role = new TemplateRole(new FileTemplateStore([Keys]), [bad, good], new PipelineOptions(), NullLogger.Instance);

        Assert.False(await role.RunOnceAsync(default));
        Assert.False(File.Exists(bad.Destination));
        Assert.Equal("port=80", File.ReadAllText(good.Destination));
    }

    [Fact]
    public async Task Onetime_fails_when_the_store_cannot_be_read()
    {
        var conf = new ConfDirectory(Path.Combine(_directory.Path, "confd"));
        var resource = conf.Add("a", "x", "\"/app\"");
        var outcomes = new List<ProcessOutcome>();
        var role = new TemplateRole(new FileTemplateStore([Keys]), [resource], new PipelineOptions(), NullLogger.Instance)
        {
            Processed = (_, o) => outcomes.Add(o),
        };

        Assert.False(await role.RunOnceAsync(default));
        Assert.StartsWith($"{resource.ConfigFile}: cannot read the store:", Assert.Single(outcomes).Error, StringComparison.Ordinal);
        Assert.False(File.Exists(resource.Destination));
    }

    [Fact]
    public async Task Interval_mode_renders_again_after_each_interval()
    {
        File.WriteAllText(Keys, "app:\n  port: 80\n");
        var conf = new ConfDirectory(Path.Combine(_directory.Path, "confd"));
        var resource = conf.Add("a", "port={{getv \"/app/port\"}}", "\"/app\"");
        var role = new TemplateRole(new FileTemplateStore([Keys]), [resource], new PipelineOptions(), NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = role.RunIntervalAsync(TimeSpan.FromMilliseconds(100), stop.Token);

        await Eventually.HoldsAsync(() => Eventually.Read(resource.Destination) == "port=80", "the first render");
        File.WriteAllText(Keys, "app:\n  port: 8080\n");
        await Eventually.HoldsAsync(() => Eventually.Read(resource.Destination) == "port=8080", "a later interval");

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
