using Flotilla.Confd.Resources;

namespace Flotilla.Confd.Tests;

/// <summary>A confd directory (conf.d + templates + an output folder) inside a test's temporary directory.</summary>
internal sealed class ConfDirectory
{
    public ConfDirectory(string root)
    {
        Root = root;
        Directory.CreateDirectory(Path.Combine(root, "conf.d"));
        Directory.CreateDirectory(Path.Combine(root, "templates"));
        Directory.CreateDirectory(Output);
    }

    public string Root { get; }

    public string Output => Path.Combine(Root, "out");

    /// <summary>Writes templates/NAME.tmpl and conf.d/NAME.toml; <paramref name="extra"/> are more TOML lines of [template].</summary>
    public TemplateResource Add(string name, string template, string keys, string extra = "", ResourceDefaults? defaults = null)
    {
        File.WriteAllText(Path.Combine(Root, "templates", name + ".tmpl"), template);
        var file = Path.Combine(Root, "conf.d", name + ".toml");
        File.WriteAllText(file, $"[template]\nsrc = \"{name}.tmpl\"\ndest = \"{Destination(name)}\"\nkeys = [{keys}]\n{extra}\n");
        return ResourceLoader.Read(file, Path.Combine(Root, "templates"), defaults ?? new ResourceDefaults());
    }

    public string Destination(string name) => Path.Combine(Output, name + ".conf");

    /// <summary>Files in the output folder other than the dests (stage files left behind).</summary>
    public string[] StageFiles() => Directory.GetFiles(Output, ".*");
}
