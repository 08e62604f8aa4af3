using Flotilla.Agent.Presence;

namespace Flotilla.Agent.Tests.Presence;

public sealed class RunnerIdTests
{
    [Fact]
    public void The_same_data_directory_gives_the_same_id_however_it_is_written() =>
        Assert.Equal(RunnerId.FromDataDirectory("/var/lib/flotilla"), RunnerId.FromDataDirectory("/var/lib/../lib/flotilla/"));

    [Fact]
    public void Different_data_directories_give_different_ids()
    {
        string first = RunnerId.FromDataDirectory("/tmp/agents/a");
        Assert.NotEqual(first, RunnerId.FromDataDirectory("/tmp/agents/b"));
        Assert.Matches("^flotilla-[0-9a-f]{16}$", first);
    }
}
