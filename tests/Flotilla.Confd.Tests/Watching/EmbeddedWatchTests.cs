using Flotilla.Confd.Pipeline;
using Flotilla.Confd.Stores;
using Flotilla.Registry.Data;
using Flotilla.Registry.Embedded;
using Flotilla.Testing;

namespace Flotilla.Confd.Tests.Watching;

public sealed class EmbeddedWatchTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private EmbeddedRegistry _registry = null!;
    private ConfDirectory _conf = null!;

    private string Reloads => Path.Combine(_directory.Path, "reloads.log");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_directory.Database)!);
        _registry = EmbeddedRegistry.Open(_directory.Database);
        _conf = new ConfDirectory(Path.Combine(_directory.Path, "confd"));
        await _registry.PutAsync("/app/value", RegistryText.Encode("0"));
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_burst_of_changes_rewrites_dest_and_reloads_once()
    {
        var resource = _conf.Add("app", "value={{getv \"/app/value\"}}", "\"/app\"",
            $"wait = \"300ms:10s\"\nreload_cmd = \"echo reload >> {Reloads}\"");
        await using var run = new WatchRun(new RegistryTemplateStore(_registry), resource);
        await Eventually.HoldsAsync(() => Eventually.Lines(Reloads) == 1, "the first render reloads");
        Assert.Equal("value=0", File.ReadAllText(resource.Destination));

        for (var i = 1; i <= 5; i++)
        {
            await _registry.PutAsync("/app/value", RegistryText.Encode(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        await Eventually.HoldsAsync(() => Eventually.Read(resource.Destination) == "value=5", "dest follows the burst");
        await Task.Delay(1000); // room for a second render, which must not come

        Assert.Equal(2, Eventually.Lines(Reloads));
        Assert.Equal(2, run.Outcomes.Count(o => o.Result == ProcessResult.Updated));
    }

    [Fact]
    public async Task Changes_outside_the_resources_keys_do_not_render()
    {
        var resource = _conf.Add("app", "value={{getv \"/app/value\"}}", "\"/app\"");
        await using var run = new WatchRun(new RegistryTemplateStore(_registry), resource);
        await Eventually.HoldsAsync(() => run.Outcomes.Count == 1, "the first render");

        await _registry.PutAsync("/application/value", RegistryText.Encode("x"));
        await _registry.PutAsync("/app/value", RegistryText.Encode("7"));
        await Eventually.HoldsAsync(() => Eventually.Read(resource.Destination) == "value=7", "dest follows /app/value");

        Assert.Equal(2, run.Outcomes.Count);
    }
}
