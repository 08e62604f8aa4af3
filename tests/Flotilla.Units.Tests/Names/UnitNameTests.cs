using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Units.Tests.Names;

public class UnitNameTests
{
    [Theory]
    [InlineData("", "unit name cannot be empty")]
    [InlineData("foo", "unit name must contain \".\"")]
    [InlineData("foo-bar_baz", "unit name must contain \".\"")]
    [InlineData("foo.", "unit name cannot end in \".\"")]
    [InlineData(".", "unit name cannot end in \".\"")]
    [InlineData("foo.bar", "invalid unit type: \"bar\"")]
    [InlineData("foo.Service", "invalid unit type: \"Service\"")]
    [InlineData("foo.SERVICE", "invalid unit type: \"SERVICE\"")]
    [InlineData("foo.service.bak", "invalid unit type: \"bak\"")]
    [InlineData("foo.snapshot", "invalid unit type: \"snapshot\"")]
    [InlineData("foo.serv\"ice", "invalid unit type: \"serv\\\"ice\"")]
    [InlineData("foo.ser\nvice", "invalid unit type: \"ser\\nvice\"")]
    [InlineData("@foo.service", "unit name cannot start in \"@\"")]
    [InlineData("@.service", "unit name cannot start in \"@\"")]
    [InlineData("foo%.service", "invalid character '%' in unit name")]
    [InlineData("foo bar.service", "invalid character ' ' in unit name")]
    [InlineData("foo/bar.service", "invalid character '/' in unit name")]
    [InlineData("foo$x%y.service", "invalid character '$' in unit name")]
    [InlineData("föo.service", "invalid character 'ö' in unit name")]
    [InlineData("f😀o.service", "invalid character '😀' in unit name")]
    [InlineData("foo@b+r.service", "invalid character '+' in unit name")]
    [InlineData("foo@.mount", "invalid unit type for template: \"mount\"")]
    [InlineData("foo@bar.device", "invalid unit type for template: \"device\"")]
    [InlineData("foo@bar.automount", "invalid unit type for template: \"automount\"")]
    [InlineData("foo@bar.swap", "invalid unit type for template: \"swap\"")]
    [InlineData("foo@bar.slice", "invalid unit type for template: \"slice\"")]
    [InlineData("foo@bar.scope", "invalid unit type for template: \"scope\"")]
    public void Invalid_names_report_fleets_exact_text(string name, string expected)
    {
        Assert.Equal(expected, UnitName.Validate(name));
        var e = Assert.Throws<UnitValueException>(() => UnitName.Parse(name));
        Assert.Equal(expected, e.Message);
        Assert.False(UnitName.TryParse(name, out var parsed));
        Assert.Null(parsed);
    }

    [Theory]
    // Each row breaks several rules; the earliest check in the documented order wins.
    [InlineData("@", "unit name must contain \".\"")]                         // "." before "@"
    [InlineData("f%o.", "unit name cannot end in \".\"")]                     // end before characters
    [InlineData("f%o.bar", "invalid unit type: \"bar\"")]                     // type before characters
    [InlineData("@f%o.bar", "invalid unit type: \"bar\"")]                    // type before "@"
    [InlineData("@f%o.service", "unit name cannot start in \"@\"")]           // "@" before characters
    [InlineData("@foo.mount", "unit name cannot start in \"@\"")]             // "@" before template type
    [InlineData("f%o@1.mount", "invalid character '%' in unit name")]         // characters before template type
    public void Checks_run_in_the_documented_order(string name, string expected)
    {
        Assert.Equal(expected, UnitName.Validate(name));
    }

    [Fact]
    public void Length_is_checked_first_and_255_characters_are_allowed()
    {
        var longest = new string('a', UnitName.MaxLength - ".service".Length) + ".service";
        Assert.Equal(255, longest.Length);
        Assert.Null(UnitName.Validate(longest));

        var tooLong = "a" + longest;
        Assert.Equal("unit name exceeds maximum length (255)", UnitName.Validate(tooLong));

        // Broken in every other way too: length still wins.
        Assert.Equal("unit name exceeds maximum length (255)", UnitName.Validate(new string('%', 300)));
    }

    [Theory]
    [InlineData("foo.service")]
    [InlineData("foo.socket")]
    [InlineData("foo.device")]
    [InlineData("foo.mount")]
    [InlineData("foo.automount")]
    [InlineData("foo.swap")]
    [InlineData("foo.target")]
    [InlineData("foo.path")]
    [InlineData("foo.timer")]
    [InlineData("foo.slice")]
    [InlineData("foo.scope")]
    [InlineData("Az09:_.\\-x.service")]
    [InlineData("dev-disk-by\\x2duuid-abc.device")]
    [InlineData("foo.bar.service")]
    [InlineData("..service")]
    [InlineData("foo@.service")]
    [InlineData("foo@.socket")]
    [InlineData("foo@bar.path")]
    [InlineData("foo@bar.target")]
    [InlineData("foo@bar.timer")]
    [InlineData("foo@bar@baz.service")]
    [InlineData("-.mount")]
    public void Valid_names_parse(string name)
    {
        Assert.Null(UnitName.Validate(name));
        Assert.Equal(name, UnitName.Parse(name).Name);
        Assert.True(UnitName.TryParse(name, out var parsed));
        Assert.Equal(name, parsed.ToString());
    }

    [Theory]
    // name, prefix, instance, type, without suffix, template, is template, is instance
    [InlineData("foo.service", "foo", "", "service", "foo", null, false, false)]
    [InlineData("foo.bar.socket", "foo.bar", "", "socket", "foo.bar", null, false, false)]
    [InlineData("foo@.service", "foo", "", "service", "foo@", "foo@.service", true, false)]
    [InlineData("foo@1.service", "foo", "1", "service", "foo@1", "foo@.service", false, true)]
    [InlineData("foo@bar@baz.service", "foo", "bar@baz", "service", "foo@bar@baz", "foo@.service", false, true)]
    [InlineData("foo@a.b.timer", "foo", "a.b", "timer", "foo@a.b", "foo@.timer", false, true)]
    [InlineData("a-b@tmp-x.path", "a-b", "tmp-x", "path", "a-b@tmp-x", "a-b@.path", false, true)]
    public void Parts_of_a_name(
        string name, string prefix, string instance, string type, string withoutSuffix, string? template, bool isTemplate, bool isInstance)
    {
        var unit = UnitName.Parse(name);
        Assert.Equal(prefix, unit.Prefix);
        Assert.Equal(instance, unit.Instance);
        Assert.Equal(type, unit.Type);
        Assert.Equal(withoutSuffix, unit.NameWithoutSuffix);
        Assert.Equal(template, unit.Template);
        Assert.Equal(isTemplate, unit.IsTemplate);
        Assert.Equal(isInstance, unit.IsInstance);
    }

    [Theory]
    [InlineData("foo@.service", "1", "foo@1.service")]
    [InlineData("foo@.socket", "a@b", "foo@a@b.socket")]
    [InlineData("web@.service", "tmp-x\\x20y", "web@tmp-x\\x20y.service")]
    public void Templates_are_instantiated(string template, string instance, string expected)
    {
        var unit = UnitName.Parse(template).Instantiate(instance);
        Assert.Equal(expected, unit.Name);
        Assert.True(unit.IsInstance);
        Assert.Equal(template, unit.Template);
    }

    [Theory]
    [InlineData("", "instance name cannot be empty")]
    [InlineData("a b", "invalid character ' ' in unit name")]
    public void Invalid_instances_are_rejected(string instance, string expected)
    {
        var e = Assert.Throws<UnitValueException>(() => UnitName.Parse("foo@.service").Instantiate(instance));
        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("foo.service")]
    [InlineData("foo@1.service")]
    public void Only_templates_can_be_instantiated(string name)
    {
        var e = Assert.Throws<InvalidOperationException>(() => UnitName.Parse(name).Instantiate("2"));
        Assert.Equal($"\"{name}\" is not a template", e.Message);
    }

    [Theory]
    [InlineData("foo", "foo.service")]
    [InlineData("foo@1", "foo@1.service")]
    [InlineData("foo@", "foo@.service")]
    [InlineData("foo.service", "foo.service")]
    [InlineData("foo.socket", "foo.socket")]
    [InlineData("foo.timer", "foo.timer")]
    [InlineData("foo.path", "foo.path")]
    [InlineData("foo.device", "foo.device")]
    [InlineData("foo.mount", "foo.mount")]
    [InlineData("foo.automount", "foo.automount")]
    [InlineData("foo.target", "foo.target.service")]
    [InlineData("foo.slice", "foo.slice.service")]
    [InlineData("foo.Service", "foo.Service.service")]
    [InlineData("dir/foo.service", "foo.service")]
    [InlineData("/abs/dir/foo@.service", "foo@.service")]
    [InlineData("dir/foo", "foo.service")]
    [InlineData("dir/foo/", "foo.service")]
    [InlineData("./foo.socket", "foo.socket")]
    [InlineData("a\\b", "a\\b.service")]
    public void Cli_arguments_are_mangled_like_fleetctl(string argument, string expected)
    {
        Assert.Equal(expected, UnitName.Mangle(argument));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("//")]
    public void Mangling_needs_a_base_name(string argument)
    {
        var e = Assert.Throws<UnitValueException>(() => UnitName.Mangle(argument));
        Assert.Equal("unit name cannot be empty", e.Message);
    }

    [Fact]
    public void Names_compare_by_ordinal_full_name()
    {
        Assert.Equal(UnitName.Parse("a@1.service"), UnitName.Parse("a@1.service"));
        Assert.True(UnitName.Parse("a.service") == UnitName.Parse("a.service"));
        Assert.True(UnitName.Parse("a.service") != UnitName.Parse("A.service"));
        Assert.Equal(UnitName.Parse("a.service").GetHashCode(), UnitName.Parse("a.service").GetHashCode());
    }

    [Fact]
    public void TryParse_accepts_null()
    {
        Assert.False(UnitName.TryParse(null, out var parsed));
        Assert.Null(parsed);
    }
}
