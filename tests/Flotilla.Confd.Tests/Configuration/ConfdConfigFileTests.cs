using Flotilla.Confd.Configuration;
using Flotilla.Confd.Toml;
using Flotilla.Testing;

namespace Flotilla.Confd.Tests.Configuration;

public sealed class ConfdConfigFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Reads_confds_keys_and_flags_override_them()
    {
        var path = Path.Combine(_directory.Path, "confd.toml");
        File.WriteAllText(path, """
            backend = "etcdv3"
            confdir = "/etc/confd"
            interval = 60
            log-level = "debug"
            nodes = ["127.0.0.1:2379", "https://10.0.0.1:2379"]
            prefix = "/production"
            noop = true
            sync-only = true
            srv_domain = "ignored.example"
            """);

        var file = ConfdConfigFile.Read(path);
        var merged = file.OverriddenBy(new TemplateSettings { Prefix = "/staging", Noop = false, IntervalSeconds = 5 });

        Assert.Equal("etcd", file.Backend);
        Assert.Equal(["http://127.0.0.1:2379", "https://10.0.0.1:2379"], file.EffectiveEndpoints);
        Assert.Equal("/staging", merged.Prefix);
        Assert.False(merged.Noop);
        Assert.Equal(5, merged.IntervalSeconds);
        Assert.True(merged.SyncOnly);
        Assert.Equal("debug", merged.LogLevel);
        Assert.Equal("/etc/confd", merged.ConfDirectory);
    }

    [Fact]
    public void A_wrongly_typed_option_names_the_line()
    {
        var path = Path.Combine(_directory.Path, "confd.toml");
        File.WriteAllText(path, "backend = \"etcd\"\ninterval = \"often\"\n");

        var error = Assert.Throws<TomlException>(() => ConfdConfigFile.Read(path));

        Assert.Equal($"{path}:2: interval must be an integer", error.Message);
    }
}
