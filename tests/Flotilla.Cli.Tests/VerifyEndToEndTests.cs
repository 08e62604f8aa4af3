using System.Text.Json;

namespace Flotilla.Cli.Tests;

/// <summary><c>flotilla verify</c> as a user runs it: a real process, real files.</summary>
public sealed class VerifyEndToEndTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("flotilla-verify-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Every_example_unit_verifies()
    {
        var examples = Directory.GetFiles(Path.Combine(FlotillaProcess.RepositoryRoot, "examples"), "*.service");
        Assert.True(examples.Length >= 5, "the seed's examples are missing");

        var (exitCode, output, error) = FlotillaProcess.Run(["verify", .. examples]);

        Assert.True(exitCode == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(examples.Length, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^OK \S+\.service [0-9a-f]{7}$", line));
    }

    [Fact]
    public void A_bad_line_is_reported_with_file_and_line_and_exit_code_1()
    {
        var path = Write("bad.service", "[Unit]\nDescription=x\n\n[Service]\nType=Simple\nExecStart=/bin/true\n");

        var (exitCode, output, error) = FlotillaProcess.Run("verify", path);

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal(
            $"{path}:5: Type: invalid value \"Simple\" (expected simple, exec, forking, oneshot, notify or idle)\n",
            error);
    }

    [Fact]
    public void A_syntax_error_and_a_bad_name_are_both_reported()
    {
        var path = Write("nodot", "[Service]\nExecStart /bin/true\n");

        var (exitCode, _, error) = FlotillaProcess.Run("verify", path);

        Assert.Equal(1, exitCode);
        Assert.Contains($"{path}: unit name must contain \".\"", error, StringComparison.Ordinal);
        Assert.Contains($"{path}:2: missing '=' in \"ExecStart /bin/true\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Good_and_bad_files_together_print_ok_for_the_good_one_and_fail()
    {
        var good = Write("good.service", "[Service]\nExecStart=/bin/sleep 100\n");
        var bad = Write("bad.service", "[Service]\nRestart=sometimes\nExecStart=/bin/true\n");

        var (exitCode, output, error) = FlotillaProcess.Run("verify", good, bad);

        Assert.Equal(1, exitCode);
        Assert.Equal("OK good.service 1c6fb6f\n", output);
        Assert.StartsWith($"{bad}:2: Restart: invalid value \"sometimes\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_do_not_fail_verification()
    {
        var path = Write("warn.service", "[Service]\nExecStart=/bin/true\n[X-Fleet]\nMachineId=abc\n");

        var (exitCode, output, error) = FlotillaProcess.Run("verify", path);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("OK warn.service ", output, StringComparison.Ordinal);
        Assert.Equal($"{path}:4: warning: unrecognized requirement in [X-Fleet] section: \"MachineId\"\n", error);
    }

    [Fact]
    public void Print_shows_the_normalized_text()
    {
        var path = Write("p.service", "# comment\n[X-Fleet]\nGlobal=true\n[Service]\nExecStart=/bin/true\n[X-Fleet]\nConflicts=p*\n");

        var (exitCode, output, _) = FlotillaProcess.Run("verify", "--print", path);

        Assert.Equal(0, exitCode);
        Assert.Equal("[X-Fleet]\nGlobal=true\nConflicts=p*\n\n[Service]\nExecStart=/bin/true\n", output);
    }

    [Fact]
    public void Json_describes_name_requirements_and_service()
    {
        var path = Write("web@8080.service", """
            [Unit]
            Requires=db@%i.service
            [Service]
            ExecStart=/usr/bin/web --port %i
            Restart=on-failure
            TimeoutStopSec=1min 30s
            [X-Fleet]
            MachineOf=db@%i.service
            MachineMetadata="region=eu" "region=us"
            MachineMetadata=disk!=hdd
            """);

        var (exitCode, output, error) = FlotillaProcess.Run("verify", "--json", path);

        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal("web@8080.service", root.GetProperty("name").GetString());
        Assert.Matches("^[0-9a-f]{40}$", root.GetProperty("hash").GetString());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        var nameInfo = root.GetProperty("nameInfo");
        Assert.Equal("web", nameInfo.GetProperty("prefix").GetString());
        Assert.Equal("8080", nameInfo.GetProperty("instance").GetString());
        Assert.Equal("web@.service", nameInfo.GetProperty("template").GetString());
        Assert.True(nameInfo.GetProperty("isInstance").GetBoolean());
        Assert.False(nameInfo.GetProperty("isTemplate").GetBoolean());
        var requirements = root.GetProperty("requirements");
        Assert.Equal("db@8080.service", requirements.GetProperty("machineOf")[0].GetString());
        Assert.Equal(2, requirements.GetProperty("metadata").GetProperty("region").GetArrayLength());
        Assert.Equal("hdd", requirements.GetProperty("metadataNot").GetProperty("disk")[0].GetString());
        Assert.False(requirements.GetProperty("global").GetBoolean());
        var service = root.GetProperty("service");
        Assert.Equal("simple", service.GetProperty("type").GetString());
        Assert.Equal("on-failure", service.GetProperty("restart").GetString());
        Assert.Equal("1min 30s", service.GetProperty("timeoutStopSec").GetString());
        Assert.Equal("db@8080.service", service.GetProperty("dependencies").GetProperty("Requires")[0].GetString());
        var start = service.GetProperty("exec").GetProperty("ExecStart")[0];
        Assert.Equal(["/usr/bin/web", "--port", "8080"], start.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public void Json_lists_errors_with_line_and_key()
    {
        var path = Write("x.service", "[Service]\nExecStart=/bin/true\n[X-Fleet]\nMachineMetadata=a=b,c=d\n");

        var (exitCode, output, _) = FlotillaProcess.Run("verify", "--json", path);

        Assert.Equal(1, exitCode);
        using var document = JsonDocument.Parse(output);
        var error = document.RootElement.GetProperty("errors")[0];
        Assert.Equal(4, error.GetProperty("line").GetInt32());
        Assert.Equal("MachineMetadata", error.GetProperty("key").GetString());
        Assert.False(document.RootElement.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var path = Path.Combine(_directory, "absent.service");

        var (exitCode, _, error) = FlotillaProcess.Run("verify", path);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"{path}: cannot read: ", error, StringComparison.Ordinal);
    }
}
