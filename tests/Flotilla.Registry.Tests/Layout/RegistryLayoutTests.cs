using Flotilla.Registry.Errors;
using Flotilla.Registry.Layout;

namespace Flotilla.Registry.Tests.Layout;

public sealed class RegistryLayoutTests
{
    private static readonly RegistryLayout Layout = RegistryLayout.Default;

    [Fact]
    public void Default_prefix_builds_every_folder()
    {
        Assert.Equal("/flotilla/units/nginx@1.service", Layout.UnitKey("nginx@1.service"));
        Assert.Equal("/flotilla/assignments/m1/nginx.service", Layout.AssignmentKey("m1", "nginx.service"));
        Assert.Equal("/flotilla/assignments/m1/", Layout.MachineAssignmentsPrefix("m1"));
        Assert.Equal("/flotilla/machines/m1", Layout.MachineKey("m1"));
        Assert.Equal("/flotilla/states/nginx.service/m1", Layout.StateKey("nginx.service", "m1"));
        Assert.Equal("/flotilla/states/nginx.service/", Layout.UnitStatesPrefix("nginx.service"));
        Assert.Equal("/flotilla/reasons/nginx.service", Layout.ReasonKey("nginx.service"));
        Assert.Equal("/flotilla/engine/leader/", Layout.LeaderPrefix);
    }

    [Fact]
    public void Custom_prefix_is_used_for_every_key()
    {
        var layout = new RegistryLayout("/test/abc/");
        Assert.Equal("/test/abc/units/a.service", layout.UnitKey("a.service"));
        Assert.Equal("/test/abc/engine/leader/", layout.LeaderPrefix);
        Assert.Equal(new RegistryKey(RegistryKeyKind.Unit, null, "a.service"), layout.Parse("/test/abc/units/a.service"));
        Assert.Null(layout.Parse("/flotilla/units/a.service"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/flotilla")]
    [InlineData("/flotilla/../other/")]
    public void Prefix_that_is_not_a_folder_is_rejected(string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => new RegistryLayout(prefix));
        Assert.Contains($"'{prefix}'", error.Message);
    }

    [Fact]
    public void Every_key_kind_parses_back()
    {
        Assert.Equal(new RegistryKey(RegistryKeyKind.Unit, null, "a@b.service"), Layout.Parse(Layout.UnitKey("a@b.service")));
        Assert.Equal(new RegistryKey(RegistryKeyKind.Assignment, "m1", "a.service"), Layout.Parse(Layout.AssignmentKey("m1", "a.service")));
        Assert.Equal(new RegistryKey(RegistryKeyKind.Machine, "m1", null), Layout.Parse(Layout.MachineKey("m1")));
        Assert.Equal(new RegistryKey(RegistryKeyKind.State, "m1", "a.service"), Layout.Parse(Layout.StateKey("a.service", "m1")));
        Assert.Equal(new RegistryKey(RegistryKeyKind.Reason, null, "a.service"), Layout.Parse(Layout.ReasonKey("a.service")));
        Assert.Equal(new RegistryKey(RegistryKeyKind.Leader, null, "00000000000000ab"), Layout.Parse(Layout.LeaderPrefix + "00000000000000ab"));
        Assert.Equal(new RegistryKey(RegistryKeyKind.Global, null, "g.service"), Layout.Parse(Layout.GlobalKey("g.service")));
        Assert.Equal("/flotilla/globals/g.service", Layout.GlobalKey("g.service"));
    }

    [Theory]
    [InlineData("/clusterstate/nginx/1")]
    [InlineData("/flotilla/")]
    [InlineData("/flotilla/units/")]
    [InlineData("/flotilla/units/a/b.service")]
    [InlineData("/flotilla/units/..")]
    [InlineData("/flotilla/machines/")]
    [InlineData("/flotilla/assignments/m1/")]
    [InlineData("/flotilla/assignments/m1")]
    [InlineData("/flotilla/assignments//a.service")]
    [InlineData("/flotilla/assignments/m1/a/b.service")]
    [InlineData("/flotilla/unknown/a.service")]
    [InlineData("/flotilla/states/a.service")]
    [InlineData("/flotilla/states/a.service/")]
    [InlineData("/flotilla/states/a.service/m1/x")]
    [InlineData("/flotilla/engine/leader/")]
    [InlineData("/flotillaunits/a.service")]
    public void Foreign_or_malformed_keys_parse_to_null(string key) => Assert.Null(Layout.Parse(key));

    [Theory]
    [InlineData("a/b.service", "'/'")]
    [InlineData("..", "'..'")]
    [InlineData(".", "'.'")]
    [InlineData("", "empty")]
    [InlineData("a\nb.service", "control")]
    public void Bad_unit_names_are_rejected_naming_the_value(string name, string problem)
    {
        foreach (Func<string> build in new Func<string>[]
        {
            () => Layout.UnitKey(name),
            () => Layout.StateKey(name, "m1"),
            () => Layout.ReasonKey(name),
            () => Layout.AssignmentKey("m1", name),
        })
        {
            var error = Assert.Throws<RegistryInvalidRequestException>(build);
            Assert.Contains($"unit name '{name}'", error.Message);
            Assert.Contains(problem, error.Message);
        }
    }

    [Theory]
    [InlineData("m/1")]
    [InlineData("..")]
    [InlineData("")]
    public void Bad_machine_ids_are_rejected_naming_the_value(string machine)
    {
        var error = Assert.Throws<RegistryInvalidRequestException>(() => Layout.MachineKey(machine));
        Assert.Contains($"machine ID '{machine}'", error.Message);
        error = Assert.Throws<RegistryInvalidRequestException>(() => Layout.AssignmentKey(machine, "a.service"));
        Assert.Contains($"machine ID '{machine}'", error.Message);
        error = Assert.Throws<RegistryInvalidRequestException>(() => Layout.StateKey("a.service", machine));
        Assert.Contains($"machine ID '{machine}'", error.Message);
        Assert.Throws<RegistryInvalidRequestException>(() => Layout.MachineAssignmentsPrefix(machine));
    }

    [Fact]
    public void Names_with_dots_inside_are_allowed()
    {
        // fleet accepts "a..service"-style names; only whole "." and ".." segments could escape a folder.
        Assert.Equal("/flotilla/units/a..b.service", Layout.UnitKey("a..b.service"));
        Assert.Equal(new RegistryKey(RegistryKeyKind.Unit, null, "a..b.service"), Layout.Parse("/flotilla/units/a..b.service"));
    }

    [Fact]
    public void One_machines_assignment_prefix_does_not_cover_another_machine_with_a_longer_id()
    {
        string key = Layout.AssignmentKey("m10", "a.service");
        Assert.False(key.StartsWith(Layout.MachineAssignmentsPrefix("m1"), StringComparison.Ordinal));
        Assert.StartsWith(Layout.MachineAssignmentsPrefix("m10"), key, StringComparison.Ordinal);
    }
}
