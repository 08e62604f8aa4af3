using Flotilla.Confd.Toml;

namespace Flotilla.Confd.Configuration;

/// <summary>
/// Reads confd.toml: top-level keys as confd spells them (<c>log-level</c>, <c>sync-only</c> and their
/// <c>_</c> forms alike), plus ours (<c>wait</c>, <c>min_keys</c>, <c>data_dir</c>, <c>file</c>).
/// Unknown keys are ignored, as confd ignores them (srv_domain, client_cert ...).
/// </summary>
public static class ConfdConfigFile
{
    /// <exception cref="TomlException">Not valid TOML, or an option of the wrong type (file and line named).</exception>
    public static TemplateSettings Read(string path)
    {
        var table = TomlReader.ReadFile(path);
        var values = table.Keys.ToDictionary(k => k.Replace('-', '_').ToLowerInvariant(), k => (Key: k, Value: table.TryGet(k, out var v) ? v : null!));

        string? Text(string name) => values.TryGetValue(name, out var entry)
            ? entry.Value as string ?? throw new TomlException(path, table.LineOf(entry.Key), $"{entry.Key} must be a string")
            : null;
        bool? Flag(string name) => values.TryGetValue(name, out var entry)
            ? entry.Value as bool? ?? throw new TomlException(path, table.LineOf(entry.Key), $"{entry.Key} must be true or false")
            : null;
        long? Number(string name) => values.TryGetValue(name, out var entry)
            ? entry.Value as long? ?? throw new TomlException(path, table.LineOf(entry.Key), $"{entry.Key} must be an integer")
            : null;
        IReadOnlyList<string>? List(string name) => values.TryGetValue(name, out var entry)
            ? entry.Value switch
            {
                string one => [one],
                List<object> many when many.All(m => m is string) => many.Cast<string>().ToArray(),
                _ => throw new TomlException(path, table.LineOf(entry.Key), $"{entry.Key} must be a list of strings"),
            }
            : null;

        return new TemplateSettings
        {
            Backend = Text("backend") is "etcdv3" ? "etcd" : Text("backend"),
            Endpoints = List("nodes") ?? List("endpoints"),
            Scheme = Text("scheme"),
            Prefix = Text("prefix"),
            ConfDirectory = Text("confdir"),
            IntervalSeconds = Number("interval"),
            Watch = Flag("watch"),
            Onetime = Flag("onetime"),
            Noop = Flag("noop"),
            SyncOnly = Flag("sync_only"),
            KeepStageFile = Flag("keep_stage_file"),
            LogLevel = Text("log_level"),
            Wait = Text("wait"),
            MinKeys = Number("min_keys"),
            DataDirectory = Text("data_dir"),
            Files = List("file"),
        };
    }
}
