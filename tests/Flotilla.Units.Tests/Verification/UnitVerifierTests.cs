using Flotilla.Units.Specifiers;
using Flotilla.Units.Verification;

namespace Flotilla.Units.Tests.Verification;

public class UnitVerifierTests
{
    private static readonly FixedHostFacts Host = new() { HostName = "node1" };

    private static UnitVerification Verify(string name, string text) =>
        UnitVerifier.Verify("dir/" + name, name, text.Replace("|", "\n", StringComparison.Ordinal), Host);

    [Fact]
    public void A_valid_service_has_name_requirements_service_and_hash()
    {
        var v = Verify("web@1.service", "[Service]|ExecStart=/bin/sleep 100|[X-Fleet]|Conflicts=web@*|");
        Assert.True(v.IsValid);
        Assert.Equal("1", v.Name!.Instance);
        Assert.Equal(["web@*"], v.Requirements.Conflicts);
        Assert.NotNull(v.Service);
        Assert.Equal(40, v.File.Hash.Length);
    }

    [Fact]
    public void An_invalid_name_is_the_first_error_and_has_no_line()
    {
        var v = Verify("web@.mount", "[Service]|ExecStart=/bin/true|");
        Assert.False(v.IsValid);
        var error = v.Errors.First();
        Assert.Equal(("dir/web@.mount", 0, "invalid unit type for template: \"mount\""), (error.File, error.Line, error.Message));
        Assert.Null(v.Name);
        Assert.Null(v.Service);
    }

    [Fact]
    public void Non_service_units_have_no_service_model()
    {
        var v = Verify("backup.timer", "[Timer]|OnCalendar=daily|");
        Assert.True(v.IsValid);
        Assert.Null(v.Service);
    }

    [Fact]
    public void Templates_verify_with_an_empty_instance()
    {
        var v = Verify("web@.service", "[Unit]|BindsTo=db@%i.service|[Service]|ExecStart=/usr/bin/web %i|[X-Fleet]|MachineOf=db@%i.service|");
        Assert.True(v.IsValid, string.Join("\n", v.Diagnostics));
        Assert.Equal(["db@.service"], v.Service!.Dependencies.BindsTo);
    }

    [Fact]
    public void Errors_from_every_layer_are_collected()
    {
        var v = Verify("a.service", "[Service]|broken|Type=Simple|ExecStart=/bin/true|[X-Fleet]|MachineMetadata=x|Bogus=1|");
        Assert.Equal([2, 3, 6], v.Errors.Select(e => e.Line));
        Assert.Equal([7], v.Warnings.Select(e => e.Line));
    }

    [Fact]
    public void Every_diagnostic_names_the_file()
    {
        var v = Verify("a.service", "[Service]|Type=nope|");
        Assert.All(v.Diagnostics, d => Assert.Equal("dir/a.service", d.File));
    }
}
