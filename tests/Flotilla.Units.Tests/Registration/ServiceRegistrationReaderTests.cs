using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;
using Flotilla.Units.Registration;
using Flotilla.Units.Specifiers;
using Flotilla.Units.Syntax;
using Flotilla.Units.Verification;

namespace Flotilla.Units.Tests.Registration;

public sealed class ServiceRegistrationReaderTests
{
    private static readonly FixedHostFacts Host = new() { HostName = "node1", MachineId = "m1" };

    [Fact]
    public void A_unit_without_the_section_registers_nothing()
    {
        Assert.Null(Read("web@1.service", "[Service]\nExecStart=/bin/true\n", out var diagnostics));
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Key_and_value_have_their_specifiers_expanded_as_in_the_seed()
    {
        var registration = Read("web@1.service", "[X-Register]\nKey=/clusterstate/cruwe_de/%n\nValue=%H:8080\n", out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal(new ServiceRegistration("/clusterstate/cruwe_de/web@1.service", "node1:8080", null, ServiceRegistrationReader.DefaultHealthInterval), registration);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/health", true)]
    [InlineData("https://127.0.0.1/health", true)]
    [InlineData("/usr/bin/curl -sf http://127.0.0.1:8080/", false)]
    public void A_health_check_is_a_URL_or_a_command(string check, bool isHttp)
    {
        var registration = Read("a.service", $"[X-Register]\nKey=/k/%i%p\nHealthCheck={check}\nHealthInterval=2s\n", out _);

        Assert.NotNull(registration);
        Assert.Equal(check, registration.HealthCheck);
        Assert.Equal(isHttp, registration.IsHttpCheck);
        Assert.Equal(TimeSpan.FromSeconds(2), registration.HealthInterval);
    }

    [Fact]
    public void The_last_assignment_wins()
    {
        var registration = Read("a.service", "[X-Register]\nKey=/first\nKey=/second\nValue=1\nValue=2\n", out _);
        Assert.Equal(("/second", "2"), (registration!.Key, registration.Value));
    }

    [Theory]
    [InlineData("[X-Register]\nValue=x\n", 0, "[X-Register] needs a Key=")]
    [InlineData("[X-Register]\nKey=relative/key\n", 2, "Key: \"relative/key\" is not a key path (it must start with '/', not end with '/' and have no empty segment)")]
    [InlineData("[X-Register]\nKey=/a//b\n", 2, "Key: \"/a//b\" is not a key path (it must start with '/', not end with '/' and have no empty segment)")]
    [InlineData("[X-Register]\nKey=/a/\n", 2, "Key: \"/a/\" is not a key path (it must start with '/', not end with '/' and have no empty segment)")]
    [InlineData("[X-Register]\nKey=/a\nHealthInterval=soon\n", 3, "HealthInterval: invalid time span \"soon\"")]
    [InlineData("[X-Register]\nKey=/a\nHealthInterval=0\n", 3, "HealthInterval: invalid time span \"0\"")]
    [InlineData("[X-Register]\nKey=/a\nTTL=5\n", 3, "unknown option TTL in [X-Register] (expected Key, Value, HealthCheck or HealthInterval)")]
    [InlineData("[X-Register]\nKey=/a/%z\n", 2, "Key: unknown specifier \"%z\"")]
    public void Bad_sections_are_errors_naming_the_line_and_register_nothing(string text, int line, string message)
    {
        Assert.Null(Read("a.service", text, out var diagnostics));
        var error = Assert.Single(diagnostics);
        Assert.True(error.IsError);
        Assert.Equal(line, error.Line);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Verify_reports_a_bad_section_and_keeps_a_good_one()
    {
        var bad = UnitVerifier.Verify("web.service", "web.service", "[Service]\nExecStart=/bin/true\n[X-Register]\nValue=x\n", Host);
        Assert.False(bad.IsValid);
        Assert.Contains(bad.Errors, e => e.Message == "[X-Register] needs a Key=");

        var good = UnitVerifier.Verify("web@2.service", "web@2.service", "[Service]\nExecStart=/bin/true\n[X-Register]\nKey=/svc/%i\nValue=%m\n", Host);
        Assert.True(good.IsValid);
        Assert.Equal(new ServiceRegistration("/svc/2", "m1", null, ServiceRegistrationReader.DefaultHealthInterval), good.Registration);
    }

    [Fact]
    public void A_template_is_checked_without_expanding_its_instance_specifiers()
    {
        var template = UnitVerifier.Verify("web@.service", "web@.service", "[Service]\nExecStart=/bin/true\n[X-Register]\nKey=/svc/%i\n", Host);
        Assert.True(template.IsValid);
        Assert.Equal("/svc/%i", template.Registration!.Key);
    }

    private static ServiceRegistration? Read(string unit, string text, out List<UnitDiagnostic> diagnostics)
    {
        diagnostics = [];
        UnitFile file = UnitFileParser.Parse(unit, text, diagnostics);
        return ServiceRegistrationReader.Read(file, new SpecifierExpander(UnitName.Parse(unit), Host), diagnostics);
    }
}
