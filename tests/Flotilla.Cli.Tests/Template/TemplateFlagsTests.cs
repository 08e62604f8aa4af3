using Flotilla.Cli.Commands;

namespace Flotilla.Cli.Tests.Template;

public class TemplateFlagsTests
{
    [Fact]
    public void Reads_every_option_including_confds_single_dash_spelling()
    {
        var (settings, problem) = TemplateCommand.ParseFlags(
        [
            "-onetime", "--noop", "--sync-only=false", "--keep-stage-file", "--confdir", "/c", "--interval", "30",
            "-backend", "etcdv3", "--endpoints", "http://a:2379, http://b:2379", "-node", "c:2379",
            "--prefix=/p", "--wait", "1s:5s", "--min-keys", "2", "--log-level", "debug",
        ]);

        Assert.Null(problem);
        Assert.NotNull(settings);
        Assert.True(settings.Onetime);
        Assert.True(settings.Noop);
        Assert.False(settings.SyncOnly);
        Assert.True(settings.KeepStageFile);
        Assert.Null(settings.Watch);
        Assert.Equal("/c", settings.ConfDirectory);
        Assert.Equal(30, settings.IntervalSeconds);
        Assert.Equal("etcd", settings.EffectiveBackend);
        Assert.Equal(["http://a:2379", "http://b:2379", "http://c:2379"], settings.EffectiveEndpoints);
        Assert.Equal("/p", settings.Prefix);
        Assert.Equal("1s:5s", settings.Wait);
        Assert.Equal(2, settings.MinKeys);
        Assert.Equal("debug", settings.LogLevel);
    }

    [Theory]
    [InlineData("--interval", "0", "--interval: \"0\" is not a positive number of seconds")]
    [InlineData("--backend", "consul", "--backend: \"consul\" is not one of embedded, etcd, file, agent")]
    [InlineData("--wait", "5s:1s", "--wait: wait \"5s:1s\": max must not be below min")]
    [InlineData("--log-level", "loud", "--log-level: \"loud\" is not one of debug, info, warn, error")]
    [InlineData("--bogus", "x", "unknown option \"--bogus\"")]
    public void A_mistake_names_the_option(string option, string value, string expected)
    {
        var (settings, problem) = TemplateCommand.ParseFlags([option, value]);

        Assert.Null(settings);
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void An_agent_endpoint_chooses_the_agent_backend_and_a_bad_one_names_the_option()
    {
        var (settings, problem) = TemplateCommand.ParseFlags(["--endpoint", "/var/lib/flotilla/flotilla.sock"]);
        Assert.True(settings is not null, problem);
        Assert.Equal(("/var/lib/flotilla/flotilla.sock", "agent"), (settings.AgentEndpoint, settings.EffectiveBackend));

        (settings, problem) = TemplateCommand.ParseFlags(["--endpoint", "ftp://agent"]);
        Assert.Null(settings);
        Assert.StartsWith("--endpoint: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_without_its_value_is_reported()
    {
        Assert.Equal("option --confdir needs a value", TemplateCommand.ParseFlags(["--confdir"]).Problem);
    }
}
