namespace Flotilla.Runner.Tests.Supervision;

public sealed class EnvironmentTests : IAsyncLifetime
{
    private readonly RunnerHarness _runner = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _runner.DisposeAsync();

    [Fact]
    public async Task Specifiers_and_dollar_expansion_reach_the_program()
    {
        await _runner.LoadAndStartAsync("greet@blue.service", """
            [Service]
            Type=oneshot
            Environment="GREETING=hello world" "WORDS=a b  c"
            ExecStart=/usr/bin/printf "[%%s]\n" %n %p %i ${GREETING} $WORDS $$literal
            """);

        await _runner.WaitForJournalAsync("greet@blue.service", "[$literal]");
        var lines = (await _runner.JournalAsync("greet@blue.service")).Where(e => e.Source == JournalSource.Stdout).Select(e => e.Text).ToList();
        Assert.Equal(["[greet@blue.service]", "[greet]", "[blue]", "[hello world]", "[a]", "[b]", "[c]", "[$literal]"], lines);
    }

    [Fact]
    public async Task The_colon_prefix_turns_off_dollar_expansion()
    {
        await _runner.LoadAndStartAsync("raw.service", """
            [Service]
            Type=oneshot
            Environment=X=expanded
            ExecStart=:/bin/echo ${X}
            """);

        await _runner.WaitForJournalAsync("raw.service", "${X}");
    }

    [Fact]
    public async Task EnvironmentFile_values_override_Environment_and_UnsetEnvironment_removes()
    {
        var file = Path.Combine(_runner.Scratch, "app.env");
        await File.WriteAllTextAsync(file, "# settings\nCOLOR=\"dark blue\"\nSIZE=large\n");
        await _runner.LoadAndStartAsync("env.service", $"""
            [Service]
            Type=oneshot
            Environment=COLOR=red GONE=yes
            EnvironmentFile={file}
            EnvironmentFile=-/no/such/optional.env
            UnsetEnvironment=GONE
            ExecStart=/bin/sh -c 'echo "color=$COLOR size=$SIZE gone=$GONE"'
            """);

        await _runner.WaitForJournalAsync("env.service", "color=dark blue size=large gone=");
    }

    [Fact]
    public async Task A_missing_EnvironmentFile_fails_the_start_with_resources()
    {
        var status = await _runner.LoadAndStartAsync("noenv.service", """
            [Service]
            EnvironmentFile=/no/such/file.env
            ExecStart=/bin/sleep 300
            """);

        Assert.Equal(UnitActiveState.Failed, status.ActiveState);
        Assert.Equal("resources", status.Result);
        Assert.Contains("/no/such/file.env", status.StatusText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkingDirectory_is_the_current_directory_and_PATH_starts_with_the_prepended_directories()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_runner.Scratch, "work")).FullName;
        await _runner.LoadAndStartAsync("cwd.service", $"""
            [Service]
            Type=oneshot
            WorkingDirectory={directory}
            ExecStart=/bin/sh -c 'echo "cwd=$(pwd)"; echo "path=$PATH"'
            """);

        await _runner.WaitForJournalAsync("cwd.service", "cwd=" + directory);
        Assert.Contains("path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin", await _runner.JournalTextAsync("cwd.service"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_WorkingDirectory_fails_with_status_200_unless_optional()
    {
        var failed = await _runner.LoadAndStartAsync("nocwd.service", "[Service]\nType=oneshot\nWorkingDirectory=/no/such/dir\nExecStart=/bin/true\n");
        var optional = await _runner.LoadAndStartAsync("optcwd.service", "[Service]\nType=oneshot\nWorkingDirectory=-/no/such/dir\nExecStart=/bin/true\n");

        Assert.Equal(UnitActiveState.Failed, failed.ActiveState);
        Assert.Contains("/no/such/dir", failed.StatusText, StringComparison.Ordinal);
        Assert.Equal(UnitActiveState.Inactive, optional.ActiveState);
        Assert.Equal("success", optional.Result);
    }
}
