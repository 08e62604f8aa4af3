using System.Diagnostics;
using Flotilla.Registry.Data;
using Flotilla.Registry.Embedded;
using Flotilla.Testing;

namespace Flotilla.Cli.Tests.Template;

/// <summary><c>flotilla template</c> as a user runs it: the real binary, a confd directory, a store.</summary>
public sealed class TemplateEndToEndTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string ConfDir => Path.Combine(_directory.Path, "confd");

    private string DataDir => Path.Combine(_directory.Path, "data");

    private string Dest(string name) => Path.Combine(_directory.Path, name + ".conf");

    private void AddResource(string name, string template, string keys, string extra = "")
    {
        Directory.CreateDirectory(Path.Combine(ConfDir, "conf.d"));
        Directory.CreateDirectory(Path.Combine(ConfDir, "templates"));
        File.WriteAllText(Path.Combine(ConfDir, "templates", name + ".tmpl"), template);
        File.WriteAllText(Path.Combine(ConfDir, "conf.d", name + ".toml"),
            $"[template]\nsrc = \"{name}.tmpl\"\ndest = \"{Dest(name)}\"\nkeys = [{keys}]\n{extra}\n");
    }

    private async Task StoreAsync(params (string Key, string Value)[] pairs)
    {
        Directory.CreateDirectory(DataDir);
        await using var registry = EmbeddedRegistry.Open(Path.Combine(DataDir, "registry.db"));
        foreach (var (key, value) in pairs)
        {
            await registry.PutAsync(key, RegistryText.Encode(value));
        }
    }

    [Fact]
    public async Task Onetime_renders_from_the_embedded_store_with_flags_over_confd_toml()
    {
        await StoreAsync(("/production/app/port", "8080"), ("/staging/app/port", "9090"));
        AddResource("app", "port={{getv \"/app/port\"}}\n", "\"/app\"");
        File.WriteAllText(Path.Combine(ConfDir, "confd.toml"), $"backend = \"embedded\"\nprefix = \"/production\"\ndata_dir = \"{DataDir}\"\n");

        var (exitCode, _, error) = FlotillaProcess.Run("template", "--onetime", "--confdir", ConfDir, "--prefix", "/staging");

        Assert.True(exitCode == 0, error);
        Assert.Equal("port=9090\n", File.ReadAllText(Dest("app")));
        Assert.Contains($"Target config {Dest("app")} has been updated", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_resource_file_fails_before_anything_renders()
    {
        await StoreAsync(("/app/port", "8080"));
        AddResource("a-good", "ok", "\"/app\"");
        AddResource("b-bad", "ok", "\"/app\"", "mode = 0644");

        var (exitCode, _, error) = FlotillaProcess.Run("template", "--onetime", "--confdir", ConfDir, "--data-dir", DataDir);

        Assert.Equal(1, exitCode);
        Assert.Contains($"{Path.Combine(ConfDir, "conf.d", "b-bad.toml")}:5: mode must be a string", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Dest("a-good")));
    }

    [Fact]
    public async Task A_failed_render_exits_1_and_writes_no_dest_while_other_resources_render()
    {
        await StoreAsync(("/app/port", "8080"));
        AddResource("a-bad", "{{getv \"/app/missing\"}}", "\"/app\"");
        AddResource("b-good", "{{getv \"/app/port\"}}", "\"/app\"");

        var (exitCode, _, error) = FlotillaProcess.Run("template", "--onetime", "--confdir", ConfDir, "--data-dir", DataDir);

        Assert.Equal(1, exitCode);
        Assert.Contains("key does not exist: /app/missing", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Dest("a-bad")));
        Assert.Equal("8080", File.ReadAllText(Dest("b-good")));
    }

    [Fact]
    public void An_agent_endpoint_that_answers_nothing_fails_the_onetime_run_naming_it()
    {
        AddResource("app", "port={{getv \"/app/port\"}}", "\"/app\"");
        string socket = Path.Combine(_directory.Path, "nobody.sock");

        var (exitCode, _, error) = FlotillaProcess.Run("template", "--onetime", "--confdir", ConfDir, "--endpoint", socket);

        Assert.Equal(1, exitCode);
        Assert.Contains(socket, error, StringComparison.Ordinal);
        Assert.False(File.Exists(Dest("app")));
    }

    [Fact]
    public void Backend_agent_without_an_endpoint_is_a_usage_error()
    {
        var (exitCode, _, error) = FlotillaProcess.Run("template", "--onetime", "--backend", "agent", "--confdir", ConfDir);

        Assert.Equal(2, exitCode);
        Assert.Contains("--backend agent needs --endpoint", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_with_the_file_backend_follows_the_file_and_stops_on_sigterm()
    {
        var keys = Path.Combine(_directory.Path, "keys.yaml");
        File.WriteAllText(keys, "app:\n  port: 80\n");
        AddResource("app", "port={{getv \"/app/port\"}}", "\"/app\"");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "flotilla.dll"), "template", "--watch", "--confdir", ConfDir, "--backend", "file", "--file", keys })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await WaitForAsync(() => ReadOrEmpty(Dest("app")) == "port=80");
            File.WriteAllText(keys, "app:\n  port: 8080\n");
            await WaitForAsync(() => ReadOrEmpty(Dest("app")) == "port=8080");

            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)), "flotilla template stops on SIGTERM");
            Assert.True(process.ExitCode == 0, await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 20 s");
            await Task.Delay(50);
        }
    }
}
