using Flotilla.Cli.Agent;

namespace Flotilla.Cli.Tests.Agent;

public sealed class AgentArgumentParserTests
{
    private static AgentSettings Parse(params string[] arguments)
    {
        (AgentSettings? settings, string? error) = AgentArgumentParser.Parse(arguments);
        Assert.Null(error);
        return settings!;
    }

    private static string Error(params string[] arguments)
    {
        (AgentSettings? settings, string? error) = AgentArgumentParser.Parse(arguments);
        Assert.Null(settings);
        return error!;
    }

    [Fact]
    public void Defaults_are_the_embedded_registry_and_fleets_shape_with_a_10s_agent_ttl()
    {
        AgentSettings settings = Parse();
        Assert.Equal("embedded", settings.Registry);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.AgentTtl);
        // Failover after kill -9 is the lease expiry plus the grace: 1 s keeps its median under TTL + 1 s.
        Assert.Equal(TimeSpan.FromSeconds(1), settings.MachineGrace);
        Assert.Null(settings.DataDirectory);
        Assert.Null(settings.MachineId);
        Assert.Equal("/flotilla/", settings.Layout.Prefix);
    }

    [Fact]
    public void Every_option_is_taken()
    {
        AgentSettings settings = Parse(
            "--dev", "--data-dir", "/tmp/a", "--machine-id", "m1", "--public-ip", "10.0.0.1", "--metadata", "role=web, region=eu",
            "--agent-ttl", "3s", "--api-addr", "http://127.0.0.1:4001", "--api-addr", "unix:///tmp/a/api.sock", "--prefix", "/c1/", "--lease-ttl=4s", "--machine-grace", "500ms");
        Assert.True(settings.Dev);
        Assert.Equal(("/tmp/a", "m1", "10.0.0.1"), (settings.DataDirectory, settings.MachineId, settings.PublicIp));
        Assert.Equal(new Dictionary<string, string> { ["role"] = "web", ["region"] = "eu" }, settings.Metadata);
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(500)), (settings.AgentTtl, settings.LeaseTtl, settings.MachineGrace));
        Assert.Equal(["http://127.0.0.1:4001", "unix:///tmp/a/api.sock"], settings.ApiAddresses);
        Assert.Equal("/c1/", settings.Layout.Prefix);
    }

    [Fact]
    public void Etcd_endpoints_choose_the_etcd_registry()
    {
        AgentSettings settings = Parse("--etcd-endpoints", "http://127.0.0.1:2379,http://127.0.0.1:22379");
        Assert.Equal("etcd", settings.Registry);
        Assert.Equal(["http://127.0.0.1:2379", "http://127.0.0.1:22379"], settings.EtcdEndpoints);
    }

    [Theory]
    [InlineData("--metadata", "role", "--metadata: \"role\" is not key=value")]
    [InlineData("--metadata", "a=1,a=2", "--metadata: key \"a\" is given twice")]
    [InlineData("--metadata", "=v", "--metadata: \"=v\" is not key=value")]
    [InlineData("--agent-ttl", "0", "--agent-ttl: \"0\" is not a positive time span")]
    [InlineData("--agent-ttl", "500ms", "--agent-ttl: \"500ms\" is shorter than the registry's 1 s lease granularity")]
    [InlineData("--machine-grace", "x", "--machine-grace: \"x\" is not a positive time span")]
    [InlineData("--public-ip", "host", "--public-ip: \"host\" is not an IP address")]
    [InlineData("--machine-id", "a/b", "--machine-id: \"a/b\" cannot be a machine ID: it must not contain '/'")]
    [InlineData("--registry", "consul", "--registry: \"consul\" is not one of embedded, etcd")]
    [InlineData("--etcd-endpoints", "localhost:2379", "--etcd-endpoints: \"localhost:2379\" is not an http:// or https:// URL")]
    [InlineData("--etcd-cafile", "/nonexistent/ca.pem", "--etcd-cafile: file \"/nonexistent/ca.pem\" does not exist")]
    [InlineData("--api-addr", "somewhere", "--api-addr: \"somewhere\" is not")]
    [InlineData("--prefix", "flotilla", "--prefix: registry prefix 'flotilla' must be non-empty and end with '/'")]
    [InlineData("--runner", "docker", "--runner: \"docker\" is not one of builtin, systemd, auto")]
    public void A_bad_value_is_reported_naming_the_option(string option, string value, string expected) =>
        Assert.StartsWith(expected, Error(option, value));

    [Fact]
    public void Conflicting_or_incomplete_choices_are_reported()
    {
        Assert.Equal("--registry etcd needs --etcd-endpoints", Error("--registry", "etcd"));
        Assert.Equal("--etcd-endpoints cannot be used with --registry embedded", Error("--registry", "embedded", "--etcd-endpoints", "http://a:1"));
        Assert.StartsWith("--dev runs one machine on the embedded registry", Error("--dev", "--etcd-endpoints", "http://a:1"));
        Assert.Equal("option --data-dir needs a value", Error("--data-dir"));
        Assert.Equal("unknown option \"--verbose\"", Error("--verbose", "1"));
        Assert.Equal("unexpected argument \"extra\"", Error("extra"));
    }

    [Fact]
    public void Api_tls_files_go_with_an_https_address_and_with_each_other()
    {
        string file = typeof(AgentArgumentParserTests).Assembly.Location;
        AgentSettings settings = Parse("--api-addr", "https://127.0.0.1:4001", "--api-cert-file", file, "--api-key-file", file, "--api-ca-file", file);
        Assert.Equal((file, file, file), (settings.ApiCertFile, settings.ApiKeyFile, settings.ApiCaFile));

        Assert.Equal("an https:// --api-addr needs --api-cert-file and --api-key-file", Error("--api-addr", "https://127.0.0.1:4001"));
        Assert.Equal("--api-cert-file and --api-key-file must be given together", Error("--api-addr", "https://127.0.0.1:4001", "--api-cert-file", file));
        Assert.Equal(
            "--api-cert-file, --api-key-file and --api-ca-file need an https://IP:PORT --api-addr",
            Error("--api-addr", "http://127.0.0.1:4001", "--api-cert-file", file, "--api-key-file", file));
        Assert.Equal("--api-key-file: file \"/nonexistent/key.pem\" does not exist", Error("--api-key-file", "/nonexistent/key.pem"));
    }

    [Fact]
    public void Confdir_takes_an_existing_directory_only()
    {
        string existing = Path.GetTempPath();
        Assert.Equal(existing, Parse("--confdir", existing).ConfDirectory);
        Assert.Null(Parse().ConfDirectory);
        Assert.Equal("--confdir: directory \"/nonexistent/confd\" does not exist", Error("--confdir", "/nonexistent/confd"));
    }
}
