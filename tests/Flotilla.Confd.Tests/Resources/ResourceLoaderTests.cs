using Flotilla.Confd.Resources;
using Flotilla.Confd.Toml;
using Flotilla.Testing;

namespace Flotilla.Confd.Tests.Resources;

public sealed class ResourceLoaderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.Path, "conf.d", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Loads_every_toml_file_below_conf_d_sorted_by_path()
    {
        Write("b.toml", "[template]\nsrc = \"b.tmpl\"\ndest = \"/tmp/b\"\nkeys = [\"/b\"]\n");
        Write("nested/a.toml", "[template]\nsrc = \"a.tmpl\"\ndest = \"/tmp/a\"\nprefix = \"app\"\nkeys = [\"/x\", \"y\"]\nIGNORED = 1\n");
        Write("notes.txt", "not a resource");

        var resources = ResourceLoader.Load(_directory.Path, new ResourceDefaults());

        Assert.Equal(["/tmp/b", "/tmp/a"], resources.Select(r => r.Destination));
        var a = resources[1];
        Assert.Equal(Path.Combine(_directory.Path, "templates", "a.tmpl"), a.Source);
        Assert.Equal("/app", a.Prefix);
        Assert.Equal(["/app/x", "/app/y"], a.StoreKeys);
    }

    [Fact]
    public void A_global_prefix_replaces_the_resources_prefix()
    {
        var file = Write("a.toml", "[template]\nsrc = \"a.tmpl\"\ndest = \"/tmp/a\"\nprefix = \"/resource\"\nkeys = [\"/k\"]\n");

        var resource = ResourceLoader.Read(file, "/t", new ResourceDefaults { Prefix = "global" });

        Assert.Equal("/global", resource.Prefix);
        Assert.Equal(["/global/k"], resource.StoreKeys);
    }

    [Theory]
    [InlineData("0644", 0b110_100_100)]
    [InlineData("0600", 0b110_000_000)]
    [InlineData("644", 0b010_000_100)] // decimal 644 = 0o1204, as Go's ParseUint(s, 0, 32) reads it; permission bits 0o204
    [InlineData("0o755", 0b111_101_101)]
    [InlineData("0x1ed", 0b111_101_101)]
    public void Mode_is_parsed_with_gos_base_prefix_rules(string mode, int expected)
    {
        var file = Write("a.toml", $"[template]\nsrc = \"a\"\ndest = \"/tmp/a\"\nmode = \"{mode}\"\n");

        Assert.Equal((UnixFileMode)expected, ResourceLoader.Read(file, "/t", new ResourceDefaults()).Mode);
    }

    [Fact]
    public void Wait_and_min_keys_come_from_the_resource_or_the_defaults()
    {
        var own = Write("own.toml", "[template]\nsrc = \"a\"\ndest = \"/tmp/a\"\nwait = \"1s:5s\"\nmin_keys = 2\n");
        var plain = Write("plain.toml", "[template]\nsrc = \"a\"\ndest = \"/tmp/a\"\n");
        var defaults = new ResourceDefaults { Wait = new WaitWindow(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)), MinKeys = 1 };

        var ownResource = ResourceLoader.Read(own, "/t", defaults);
        var plainResource = ResourceLoader.Read(plain, "/t", defaults);

        Assert.Equal(new WaitWindow(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)), ownResource.Wait);
        Assert.Equal(2, ownResource.MinKeys);
        Assert.Equal(defaults.Wait, plainResource.Wait);
        Assert.Equal(1, plainResource.MinKeys);
    }

    [Theory]
    [InlineData("[template]\ndest = \"/tmp/a\"\n", 1, "[template] has no src")]
    [InlineData("[other]\nsrc = \"a\"\n", 1, "no [template] table")]
    [InlineData("[template]\nsrc = \"a\"\ndest = \"/tmp/a\"\nmode = \"rw\"\n", 4, "mode \"rw\" is not a number (write octal as \"0644\")")]
    [InlineData("[template]\nsrc = \"a\"\ndest = \"/tmp/a\"\nkeys = \"/a\"\n", 4, "keys must be a list of strings")]
    [InlineData("[template]\nsrc = \"a\"\ndest = \"/tmp/a\"\nwait = \"soon\"\n", 4, "wait \"soon\" is not \"min:max\" (time spans such as 2s:10s)")]
    public void A_bad_resource_names_its_file_and_line(string text, int line, string problem)
    {
        var file = Write("bad.toml", text);

        var error = Assert.Throws<TomlException>(() => ResourceLoader.Load(_directory.Path, new ResourceDefaults()));

        Assert.Equal($"{file}:{line}: {problem}", error.Message);
    }
}
