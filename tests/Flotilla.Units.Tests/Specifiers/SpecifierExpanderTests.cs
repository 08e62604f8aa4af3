using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;
using Flotilla.Units.Specifiers;

namespace Flotilla.Units.Tests.Specifiers;

public class SpecifierExpanderTests
{
    private static readonly FixedHostFacts Host = new()
    {
        HostName = "node1.example.com",
        MachineId = "0123456789abcdef0123456789abcdef",
        BootId = "fedcba9876543210fedcba9876543210",
        KernelRelease = "6.1.0-18-amd64",
        RuntimeDirectory = "/run",
        StateDirectory = "/var/lib",
        CacheDirectory = "/var/cache",
        LogsDirectory = "/var/log",
        ConfigurationDirectory = "/etc",
        TemporaryDirectory = "/tmp",
        UserName = "core",
        UserId = "500",
        HomeDirectory = "/home/core",
        GroupName = "staff",
        GroupId = "50",
        Shell = "/bin/bash",
    };

    private static string Expand(string unit, string text) => new SpecifierExpander(UnitName.Parse(unit), Host).Expand(text);

    [Theory]
    [InlineData("%n", "web@8080.service")]
    [InlineData("%N", "web@8080")]
    [InlineData("%p", "web")]
    [InlineData("%i", "8080")]
    [InlineData("%I", "8080")]
    [InlineData("%P", "web")]
    [InlineData("%f", "/8080")]
    [InlineData("%j", "web")]
    [InlineData("%J", "web")]
    [InlineData("%H", "node1.example.com")]
    [InlineData("%l", "node1")]
    [InlineData("%m", "0123456789abcdef0123456789abcdef")]
    [InlineData("%b", "fedcba9876543210fedcba9876543210")]
    [InlineData("%v", "6.1.0-18-amd64")]
    [InlineData("%t", "/run")]
    [InlineData("%S", "/var/lib")]
    [InlineData("%C", "/var/cache")]
    [InlineData("%L", "/var/log")]
    [InlineData("%E", "/etc")]
    [InlineData("%T", "/tmp")]
    [InlineData("%u", "core")]
    [InlineData("%U", "500")]
    [InlineData("%h", "/home/core")]
    [InlineData("%g", "staff")]
    [InlineData("%G", "50")]
    [InlineData("%s", "/bin/bash")]
    [InlineData("%%", "%")]
    public void Every_specifier_expands(string text, string expected)
    {
        Assert.Equal(expected, Expand("web@8080.service", text));
    }

    [Theory]
    // Escaped names: the plain forms stay escaped, the capital forms (and %f) undo the escaping.
    [InlineData("sys-dev\\x2dtools@tmp-my\\x20dir.service", "%p", "sys-dev\\x2dtools")]
    [InlineData("sys-dev\\x2dtools@tmp-my\\x20dir.service", "%P", "sys/dev-tools")]
    [InlineData("sys-dev\\x2dtools@tmp-my\\x20dir.service", "%i", "tmp-my\\x20dir")]
    [InlineData("sys-dev\\x2dtools@tmp-my\\x20dir.service", "%I", "tmp/my dir")]
    [InlineData("sys-dev\\x2dtools@tmp-my\\x20dir.service", "%f", "/tmp/my dir")]
    [InlineData("sys-dev\\x2dtools@tmp-my\\x20dir.service", "%j", "dev\\x2dtools")]
    [InlineData("sys-dev\\x2dtools@tmp-my\\x20dir.service", "%J", "dev-tools")]
    [InlineData("sys-dev\\x2dtools@tmp-my\\x20dir.service", "%N", "sys-dev\\x2dtools@tmp-my\\x20dir")]
    // Without an instance %f comes from the prefix, and %i/%I are empty.
    [InlineData("mnt-data.mount", "%f", "/mnt/data")]
    [InlineData("mnt-data.mount", "[%i][%I]", "[][]")]
    [InlineData("mnt-data.mount", "%p|%N|%j", "mnt-data|mnt-data|data")]
    [InlineData("-.mount", "%f", "/")]
    [InlineData("getty@.service", "%f", "/getty")]
    [InlineData("getty@.service", "%p %i %N", "getty  getty@")]
    [InlineData("a-b-c@x@y.service", "%j %i %I", "c x@y x@y")]
    public void Unit_specifiers_follow_the_name(string unit, string text, string expected)
    {
        Assert.Equal(expected, Expand(unit, text));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("no specifiers here", "no specifiers here")]
    [InlineData("/usr/bin/web --port=%i --host=%H", "/usr/bin/web --port=8080 --host=node1.example.com")]
    [InlineData("%i%i", "80808080")]
    [InlineData("100%%", "100%")]
    [InlineData("%%i", "%i")]
    [InlineData("%%%i", "%8080")]
    [InlineData("a%nb", "aweb@8080.serviceb")]
    [InlineData("%t/%p/%i.sock", "/run/web/8080.sock")]
    public void Specifiers_mix_with_text(string text, string expected)
    {
        Assert.Equal(expected, Expand("web@8080.service", text));
    }

    [Fact]
    public void Text_without_a_percent_is_returned_as_is()
    {
        var text = "/bin/sleep 100";
        Assert.Same(text, Expand("a.service", text));
    }

    [Fact]
    public void Long_texts_expand_past_the_stack_buffer()
    {
        var text = string.Concat(Enumerable.Repeat("%p-%i/", 200));
        Assert.Equal(string.Concat(Enumerable.Repeat("web-8080/", 200)), Expand("web@8080.service", text));
        Assert.Equal(string.Concat(Enumerable.Repeat("web-8080/", 200)), SpecifierExpander.ExpandFleet(text, UnitName.Parse("web@8080.service")));
    }

    [Theory]
    [InlineData("%x", "unknown specifier \"%x\"")]
    [InlineData("a %q b", "unknown specifier \"%q\"")]
    [InlineData("%a", "unknown specifier \"%a\"")]
    [InlineData("% ", "unknown specifier \"% \"")]
    [InlineData("%\t", "unknown specifier \"%\\t\"")]
    [InlineData("%😀", "unknown specifier \"%😀\"")]
    [InlineData("%", "unfinished specifier at end of \"%\"")]
    [InlineData("100%", "unfinished specifier at end of \"100%\"")]
    [InlineData("%i%", "unfinished specifier at end of \"%i%\"")]
    public void Bad_specifiers_are_errors(string text, string expected)
    {
        var e = Assert.Throws<UnitValueException>(() => Expand("web@8080.service", text));
        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("web@a\\q.service", "%I", "invalid escape sequence in \"a\\\\q\": expected \\xHH")]
    [InlineData("web@-x.service", "%f", "\"-x\" does not unescape to a normalized path (\"//x\")")]
    public void Badly_escaped_names_fail_only_the_unescaping_specifiers(string unit, string text, string expected)
    {
        var e = Assert.Throws<UnitValueException>(() => Expand(unit, text));
        Assert.Equal(expected, e.Message);
        Assert.Equal(unit, Expand(unit, "%n"));
    }

    [Fact]
    public void A_host_name_without_a_dot_is_its_own_short_name()
    {
        var expander = new SpecifierExpander(UnitName.Parse("a.service"), new FixedHostFacts { HostName = "node1" });
        Assert.Equal("node1 node1", expander.Expand("%H %l"));
    }

    [Fact]
    public void FixedHostFacts_defaults_are_the_system_managers()
    {
        var expander = new SpecifierExpander(UnitName.Parse("a.service"), new FixedHostFacts());
        Assert.Equal("/run /var/lib /var/cache /var/log /etc /tmp root 0 /root root 0 /bin/sh", expander.Expand("%t %S %C %L %E %T %u %U %h %g %G %s"));
    }
}
