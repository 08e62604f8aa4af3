using Flotilla.Units.Exec;

namespace Flotilla.Units.Tests.Exec;

public class ExecProgramResolverTests
{
    [Theory]
    [InlineData("/opt/app/run", "", "/opt/app/run")]
    [InlineData("/missing/everywhere", "", "/missing/everywhere")]
    [InlineData("sleep", "/usr/bin/sleep", "/usr/bin/sleep")]
    [InlineData("sleep", "/usr/bin/sleep /usr/sbin/sleep", "/usr/sbin/sleep")]
    [InlineData("tool", "/usr/bin/tool /usr/local/bin/tool /usr/local/sbin/tool", "/usr/local/sbin/tool")]
    [InlineData("tool", "/usr/bin/tool /usr/local/bin/tool", "/usr/local/bin/tool")]
    [InlineData("sleep", "/bin/sleep /sbin/sleep", null)]
    [InlineData("sleep", "", null)]
    [InlineData("bin/sleep", "/usr/bin/bin/sleep", null)]
    [InlineData("", "/usr/bin/", null)]
    public void Resolves_absolute_paths_as_is_and_bare_names_in_the_fixed_search_path(string path, string executables, string? expected)
    {
        var files = executables.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expected, ExecProgramResolver.Resolve(path, files.Contains));
    }

    [Fact]
    public void Searches_directories_in_order_and_stops_at_the_first_match()
    {
        var asked = new List<string>();
        var result = ExecProgramResolver.Resolve("x", candidate =>
        {
            asked.Add(candidate);
            return candidate == "/usr/sbin/x";
        });

        Assert.Equal("/usr/sbin/x", result);
        Assert.Equal(["/usr/local/sbin/x", "/usr/local/bin/x", "/usr/sbin/x"], asked);
    }

    [Fact]
    public void Does_not_check_absolute_paths()
    {
        Assert.Equal("/bin/true", ExecProgramResolver.Resolve("/bin/true", _ => throw new InvalidOperationException("not called")));
    }

    [Fact]
    public void Search_path_is_systemds()
    {
        Assert.Equal("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin", ExecProgramResolver.SearchPath);
    }
}
