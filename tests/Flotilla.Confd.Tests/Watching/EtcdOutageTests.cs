using Flotilla.Confd.Stores;
using Flotilla.Registry.Data;
using Flotilla.Testing;
using Flotilla.Testing.Etcd;

namespace Flotilla.Confd.Tests.Watching;

/// <summary>A watch whose etcd member dies and comes back: the role must notice and resume, not go quiet.</summary>
public sealed class EtcdOutageTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly EtcdCluster _etcd = new(1);

    public Task InitializeAsync() => _etcd.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _etcd.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_watch_that_loses_its_member_resumes_and_misses_nothing()
    {
        await using var registry = _etcd.Connect(TimeSpan.FromSeconds(2));
        await using var writer = _etcd.Connect(TimeSpan.FromSeconds(10));
        await writer.PutAsync("/svc/value", RegistryText.Encode("before"));
        var conf = new ConfDirectory(Path.Combine(_directory.Path, "confd"));
        var reloads = Path.Combine(_directory.Path, "reloads.log");
        var resource = conf.Add("svc", "{{getv \"/svc/value\"}}", "\"/svc\"", $"reload_cmd = \"echo reload >> {reloads}\"");
        await using var run = new WatchRun(new RegistryTemplateStore(registry), resource);
        await Eventually.HoldsAsync(() => Eventually.Read(resource.Destination) == "before", "the first render");

        var member = _etcd.Members[0];
        member.Kill();
        await Task.Delay(500); // the watch notices the dead member while it is down
        await _etcd.RestartAsync(member);
        await writer.PutAsync("/svc/value", RegistryText.Encode("after"));

        await Eventually.HoldsAsync(() => Eventually.Read(resource.Destination) == "after", "the change after the restart", seconds: 30);
        await Eventually.HoldsAsync(() => Eventually.Lines(reloads) == 2, "a reload for the change made after the restart");
    }
}
