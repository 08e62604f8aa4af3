using Flotilla.Units.Diagnostics;
using Flotilla.Units.Fleet;
using Flotilla.Units.Names;
using Flotilla.Units.Syntax;

namespace Flotilla.Units.Tests.Fleet;

public class FleetRequirementsReaderTests
{
    private static (FleetRequirements Requirements, List<UnitDiagnostic> Diagnostics) Read(string xfleet, string name = "web@1.service")
    {
        var file = UnitFileParser.Parse(name, "[Service]\nExecStart=/bin/true\n[X-Fleet]\n" + xfleet.Replace("|", "\n", StringComparison.Ordinal) + "\n");
        var diagnostics = new List<UnitDiagnostic>();
        var requirements = FleetRequirementsReader.Read(file, UnitName.Parse(name), diagnostics);
        return (requirements, diagnostics);
    }

    private static FleetRequirements Valid(string xfleet, string name = "web@1.service")
    {
        var (requirements, diagnostics) = Read(xfleet, name);
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        return requirements;
    }

    private static string Error(string xfleet, string name = "web@1.service")
    {
        var (_, diagnostics) = Read(xfleet, name);
        return Assert.Single(diagnostics, d => d.IsError).Message;
    }

    [Fact]
    public void A_unit_without_the_section_has_no_requirements()
    {
        var file = UnitFileParser.Parse("a.service", "[Service]\nExecStart=/bin/true\n");
        Assert.Same(FleetRequirements.None, FleetRequirementsReader.Read(file, UnitName.Parse("a.service"), new List<UnitDiagnostic>()));
    }

    [Fact]
    public void No_requirements_means_empty_collections_not_nulls()
    {
        var none = FleetRequirements.None;
        Assert.Empty(none.Metadata);
        Assert.Empty(none.MetadataNot);
        Assert.Empty(none.MachineOf);
        Assert.Empty(none.Conflicts);
        Assert.Empty(none.Replaces);
        Assert.Empty(Valid("Global=true").Metadata);
    }

    [Theory]
    [InlineData("MachineID=abc123", "abc123")]
    [InlineData("MachineID=first|MachineID=second", "first")]
    [InlineData("X-ConditionMachineID=legacy", "legacy")]
    [InlineData("X-ConditionMachineBootID=boot", "boot")]
    [InlineData("X-ConditionMachineID=legacy|MachineID=current", "current")]
    [InlineData("X-ConditionMachineBootID=boot|X-ConditionMachineID=legacy", "legacy")]
    [InlineData("MachineID=\"quoted\"", "quoted")]
    [InlineData("MachineID=", null)]
    public void MachineID_first_value_wins_with_legacy_fallbacks(string xfleet, string? expected)
    {
        Assert.Equal(expected, Valid(xfleet).MachineId);
    }

    [Theory]
    [InlineData("MachineOf=db.service", new[] { "db.service" })]
    [InlineData("MachineOf=\"a.service\" \"b.service\"", new[] { "a.service", "b.service" })]
    [InlineData("X-ConditionMachineOf=legacy.service", new[] { "legacy.service" })]
    [InlineData("MachineOf=a.service|MachineOf=b.service", new[] { "a.service", "b.service" })]
    [InlineData("MachineOf=a.service|MachineOf=|MachineOf=b.service", new[] { "b.service" })]
    [InlineData("MachineOf=db@%i.service", new[] { "db@1.service" })]
    [InlineData("MachineOf=a.service|MachineOf=a.service", new[] { "a.service" })]
    public void MachineOf_takes_exact_names(string xfleet, string[] expected)
    {
        Assert.Equal(expected, Valid(xfleet).MachineOf);
    }

    [Theory]
    [InlineData("MachineOf=a.service b.service", "invalid MachineOf \"a.service b.service\": invalid character ' ' in unit name")]
    [InlineData("MachineOf=db*", "invalid MachineOf \"db*\": MachineOf takes exact unit names, not globs")]
    [InlineData("MachineOf=nodot", "invalid MachineOf \"nodot\": unit name must contain \".\"")]
    public void MachineOf_rejects_what_cannot_name_a_unit(string xfleet, string message)
    {
        Assert.Equal(message, Error(xfleet));
    }

    [Theory]
    [InlineData("MachineMetadata=region=eu", "region", new[] { "eu" })]
    [InlineData("MachineMetadata=region=eu|MachineMetadata=region=us", "region", new[] { "eu", "us" })]
    [InlineData("MachineMetadata=\"region=eu\" \"region=us\"", "region", new[] { "eu", "us" })]
    [InlineData("X-ConditionMachineMetadata=region=eu", "region", new[] { "eu" })]
    [InlineData("MachineMetadata=ENTRYPOINT=FALSE", "ENTRYPOINT", new[] { "FALSE" })]
    [InlineData("MachineMetadata=hostname=%i", "hostname", new[] { "1" })]
    [InlineData("MachineMetadata= region = eu ", "region", new[] { "eu" })]
    [InlineData("MachineMetadata=region=eu|MachineMetadata=region=eu", "region", new[] { "eu" })]
    public void MachineMetadata_groups_values_per_key(string xfleet, string key, string[] values)
    {
        var requirements = Valid(xfleet);
        Assert.Equal(values, requirements.Metadata[key]);
        Assert.Empty(requirements.MetadataNot);
    }

    [Fact]
    public void Different_metadata_keys_are_all_required()
    {
        var requirements = Valid("MachineMetadata=\"region=eu\" \"disk=ssd\"");
        Assert.Equal(["disk", "region"], requirements.Metadata.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("MachineMetadata=region!=eu", "region", new[] { "eu" })]
    [InlineData("MachineMetadata=\"region!=eu\" \"region!=us\"", "region", new[] { "eu", "us" })]
    public void Not_equal_metadata_is_an_extension(string xfleet, string key, string[] values)
    {
        var requirements = Valid(xfleet);
        Assert.Equal(values, requirements.MetadataNot[key]);
        Assert.Empty(requirements.Metadata);
    }

    [Theory]
    [InlineData("MachineMetadata=region=")]
    [InlineData("MachineMetadata==eu")]
    [InlineData("MachineMetadata=region")]
    [InlineData("MachineMetadata=a=b,c=d")]
    [InlineData("MachineMetadata=a=b=c")]
    [InlineData("MachineMetadata=!=x")]
    public void Malformed_metadata_is_an_error_unlike_fleet(string xfleet)
    {
        var message = Error(xfleet);
        Assert.StartsWith("invalid MachineMetadata \"", message, StringComparison.Ordinal);
        Assert.Contains("expected key=value or key!=value", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_metadata_error_carries_file_line_and_key()
    {
        var (_, diagnostics) = Read("Global=false|MachineMetadata=a=b,c=d");
        var error = Assert.Single(diagnostics);
        Assert.Equal(("web@1.service", 5, "MachineMetadata"), (error.File, error.Line, error.Key));
    }

    [Theory]
    [InlineData("Conflicts=web@*", new[] { "web@*" })]
    [InlineData("Conflicts=a* b*", new[] { "a*", "b*" })]
    [InlineData("Conflicts=a*|Conflicts=b*", new[] { "a*", "b*" })]
    [InlineData("X-Conflicts=legacy*", new[] { "legacy*" })]
    [InlineData("Conflicts=\"a*\" \"b*\"", new[] { "a*", "b*" })]
    [InlineData("Conflicts=%p@*", new[] { "web@*" })]
    [InlineData("Conflicts=a*|Conflicts=|Conflicts=c*", new[] { "c*" })]
    public void Conflicts_are_whitespace_separated_globs(string xfleet, string[] expected)
    {
        Assert.Equal(expected, Valid(xfleet).Conflicts);
    }

    [Fact]
    public void A_malformed_conflict_glob_is_an_error()
    {
        Assert.Equal("invalid Conflicts \"web@[1\": unterminated character class", Error("Conflicts=web@[1"));
    }

    [Theory]
    [InlineData("Replaces=old.service", new[] { "old.service" })]
    [InlineData("Replaces=old*", new[] { "old*" })]
    [InlineData("Replaces=a.service b.service", new[] { "a.service", "b.service" })]
    public void Replaces_are_globs(string xfleet, string[] expected)
    {
        Assert.Equal(expected, Valid(xfleet).Replaces);
    }

    [Theory]
    [InlineData("Global=true", true)]
    [InlineData("Global=TRUE", true)]
    [InlineData("Global=yes", true)]
    [InlineData("Global=Yes", true)]
    [InlineData("Global=1", true)]
    [InlineData("Global=on", true)]
    [InlineData("Global=t", true)]
    [InlineData("Global=T", true)]
    [InlineData("Global=false", false)]
    [InlineData("Global=0", false)]
    [InlineData("Global=true|Global=false", false)]
    [InlineData("Global=false|Global=true", true)]
    public void Global_is_truthy_and_last_value_wins(string xfleet, bool expected)
    {
        Assert.Equal(expected, Valid(xfleet).Global);
    }

    [Fact]
    public void An_unrecognized_Global_word_is_false_with_a_warning()
    {
        var (requirements, diagnostics) = Read("Global=maybe");
        Assert.False(requirements.Global);
        var warning = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("Global value \"maybe\" is not a boolean; treated as false", warning.Message);
    }

    [Theory]
    [InlineData("MachineID=abc|MachineOf=a.service", "MachineID cannot be used with Peers")]
    [InlineData("MachineID=abc|Conflicts=a*", "MachineID cannot be used with Conflicts")]
    [InlineData("MachineID=abc|Global=true", "MachineID cannot be used with Global")]
    [InlineData("MachineID=abc|Replaces=a*", "MachineID cannot be used with Replaces")]
    [InlineData("X-ConditionMachineID=abc|Replaces=a*", "MachineID cannot be used with Replaces")]
    [InlineData("Global=true|MachineOf=a.service", "Global cannot be used with Peers")]
    [InlineData("Global=true|Replaces=a*", "Global cannot be used with Replaces")]
    [InlineData("Conflicts=a*|Replaces=b*", "Conflicts cannot be used with Replaces")]
    [InlineData("MachineOf=db.service|Conflicts=db*", "unresolvable requirements: peer \"db.service\" matches conflict \"db*\"")]
    [InlineData("MachineOf=db.service|Replaces=db.service", "unresolvable requirements: peer \"db.service\" matches replace \"db.service\"")]
    public void Invalid_combinations_use_fleets_texts(string xfleet, string message)
    {
        Assert.Equal(message, Error(xfleet));
    }

    [Theory]
    [InlineData("Global=true|Conflicts=a*|MachineMetadata=role=web")]
    [InlineData("Global=false|MachineID=abc")]
    [InlineData("MachineOf=db.service|Conflicts=web*")]
    [InlineData("Replaces=old.service|MachineMetadata=a=b")]
    public void Valid_combinations_pass(string xfleet)
    {
        Valid(xfleet);
    }

    [Fact]
    public void Combination_errors_point_at_the_offending_key()
    {
        var (_, diagnostics) = Read("MachineID=abc|Global=false|Conflicts=a*");
        var error = Assert.Single(diagnostics);
        Assert.Equal((6, "Conflicts"), (error.Line, error.Key));
    }

    [Theory]
    [InlineData("Peers=a.service", "Peers")]
    [InlineData("machineid=abc", "machineid")]
    [InlineData("MachineId=abc", "MachineId")]
    public void Unknown_keys_are_visible_warnings(string xfleet, string key)
    {
        var (requirements, diagnostics) = Read(xfleet);
        var warning = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal($"unrecognized requirement in [X-Fleet] section: \"{key}\"", warning.Message);
        Assert.Null(requirements.MachineId);
    }

    [Fact]
    public void Section_name_is_case_sensitive()
    {
        var file = UnitFileParser.Parse("a.service", "[x-fleet]\nGlobal=true\n");
        Assert.False(FleetRequirementsReader.Read(file, UnitName.Parse("a.service"), new List<UnitDiagnostic>()).Global);
    }

    [Theory]
    [InlineData("MachineMetadata=name=%n", "web@1.service")]
    [InlineData("MachineMetadata=name=%N", "web@1")]
    [InlineData("MachineMetadata=name=%p", "web")]
    [InlineData("MachineMetadata=name=%i", "1")]
    [InlineData("MachineMetadata=name=%H", "%H")]
    public void Only_fleets_specifiers_are_expanded(string xfleet, string expected)
    {
        Assert.Equal(expected, Assert.Single(Valid(xfleet).Metadata["name"]));
    }

    [Theory]
    [InlineData("\"a=b\" \"c=d\"", new[] { "a=b", "c=d" })]
    [InlineData("\"a b\" c", new[] { "a b", "c" })]
    [InlineData("a b", new[] { "a b" })]
    [InlineData("\"x\"", new[] { "x" })]
    public void Multi_values_need_a_leading_quote(string value, string[] expected)
    {
        Assert.Equal(expected, FleetRequirementsReader.SplitMultiValue(value));
    }
}
