using Flotilla.Confd.Pipeline;
using Flotilla.Confd.Stores;
using Flotilla.Registry.Data;
using Flotilla.Registry.Etcd;
using Flotilla.Testing;
using Flotilla.Testing.Etcd;

namespace Flotilla.Confd.Tests.Watching;

public sealed class EtcdWatchTests(SingleMemberEtcd etcd) : IClassFixture<SingleMemberEtcd>, IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _prefix = "/t" + Guid.NewGuid().ToString("N")[..8];
    private EtcdRegistry _registry = null!;
    private ConfDirectory _conf = null!;

    private string Reloads => Path.Combine(_directory.Path, "reloads.log");

    public Task InitializeAsync()
    {
        _registry = etcd.Connect();
        _conf = new ConfDirectory(Path.Combine(_directory.Path, "confd"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Every_key_change_rewrites_dest_and_runs_reload_cmd()
    {
        await _registry.PutAsync($"{_prefix}/upstream/a", RegistryText.Encode("10.0.0.1:80"));
        var resource = _conf.Add("lb", "{{range getvs \"/upstream/*\"}}server {{.}}\n{{end}}", "\"/upstream\"",
            $"prefix = \"{_prefix}\"\nreload_cmd = \"echo reload >> {Reloads}\"");
        await using var run = new WatchRun(new RegistryTemplateStore(_registry), resource);
        await Eventually.HoldsAsync(() => Eventually.Lines(Reloads) == 1, "the first render reloads");

        await _registry.PutAsync($"{_prefix}/upstream/b", RegistryText.Encode("10.0.0.2:80"));
        await Eventually.HoldsAsync(() => Eventually.Read(resource.Destination) == "server 10.0.0.1:80\nserver 10.0.0.2:80\n", "b is added");
        await _registry.DeleteAsync($"{_prefix}/upstream/a");
        await Eventually.HoldsAsync(() => Eventually.Read(resource.Destination) == "server 10.0.0.2:80\n", "a is removed");

        await Eventually.HoldsAsync(() => Eventually.Lines(Reloads) == 3, "one reload per change");
    }

    [Fact]
    public async Task A_failing_check_cmd_leaves_dest_untouched_until_a_good_value_arrives()
    {
        await _registry.PutAsync($"{_prefix}/app/port", RegistryText.Encode("80"));
        var resource = _conf.Add("app", "port={{getv \"/app/port\"}}", "\"/app\"",
            $"prefix = \"{_prefix}\"\ncheck_cmd = \"grep -Eq '^port=[0-9]+$' {{{{.src}}}}\"");
        await using var run = new WatchRun(new RegistryTemplateStore(_registry), resource);
        await Eventually.HoldsAsync(() => Eventually.Read(resource.Destination) == "port=80", "the first render");

        await _registry.PutAsync($"{_prefix}/app/port", RegistryText.Encode("eighty"));
        await Eventually.HoldsAsync(() => run.Outcomes.Any(o => o.Result == ProcessResult.Failed), "the bad value is checked");
        Assert.Equal("port=80", File.ReadAllText(resource.Destination));
        Assert.Equal("Config check failed: exit status 1", run.Outcomes.Single(o => o.Result == ProcessResult.Failed).Error);
        Assert.Empty(_conf.StageFiles());

        await _registry.PutAsync($"{_prefix}/app/port", RegistryText.Encode("8080"));
        await Eventually.HoldsAsync(() => Eventually.Read(resource.Destination) == "port=8080", "a good value is rendered");
    }
}
