using Flotilla.Cli.Agent;
using Flotilla.Testing;

namespace Flotilla.Cli.Tests.Agent;

public sealed class AgentPathsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_system_machine_id_is_used_when_present()
    {
        string system = Path.Combine(_directory.Path, "machine-id-file");
        File.WriteAllText(system, "0123456789abcdef0123456789abcdef\n");
        Assert.Equal("0123456789abcdef0123456789abcdef", AgentPaths.ResolveMachineId(_directory.Path, system));
        Assert.False(File.Exists(Path.Combine(_directory.Path, "machine-id")));
    }

    [Fact]
    public void Without_one_an_id_is_generated_once_and_kept_in_the_data_directory()
    {
        string missing = Path.Combine(_directory.Path, "no-such-file");
        string first = AgentPaths.ResolveMachineId(_directory.Path, missing);
        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.Equal(first, AgentPaths.ResolveMachineId(_directory.Path, missing));
        Assert.Equal(first + "\n", File.ReadAllText(Path.Combine(_directory.Path, "machine-id")));
    }

    [Fact]
    public void An_empty_system_machine_id_counts_as_missing()
    {
        string empty = Path.Combine(_directory.Path, "empty");
        File.WriteAllText(empty, "\n");
        Assert.Matches("^[0-9a-f]{32}$", AgentPaths.ResolveMachineId(_directory.Path, empty));
    }

    [Fact]
    public void The_default_data_directory_is_var_lib_flotilla_for_root_and_a_state_directory_otherwise()
    {
        string directory = AgentPaths.DefaultDataDirectory();
        if (Environment.UserName == "root")
        {
            Assert.Equal("/var/lib/flotilla", directory);
        }
        else
        {
            Assert.EndsWith("/flotilla", directory, StringComparison.Ordinal);
            Assert.Contains("state", directory, StringComparison.Ordinal);
        }
    }
}
