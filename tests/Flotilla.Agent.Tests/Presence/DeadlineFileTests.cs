using Flotilla.Agent.Presence;
using Flotilla.Testing;

namespace Flotilla.Agent.Tests.Presence;

public sealed class DeadlineFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Holds_epoch_milliseconds_when_armed_and_zero_when_disarmed()
    {
        string path = Path.Combine(_directory.Path, "deadline");
        var file = new DeadlineFile(path);
        Assert.Null(DeadlineFile.Read(path));

        var deadline = new DateTimeOffset(2026, 11, 28, 7, 0, 0, 123, TimeSpan.Zero);
        file.Write(deadline);
        Assert.Equal("1795849200123", File.ReadAllText(path));
        Assert.Equal(deadline.ToUnixTimeMilliseconds(), DeadlineFile.Read(path));

        file.Disarm();
        Assert.Equal(0, DeadlineFile.Read(path));
        Assert.False(File.Exists(path + ".tmp"));
    }
}
