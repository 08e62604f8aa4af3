using Flotilla.Runner.Systemd;

namespace Flotilla.Runner.Tests.Systemd;

public sealed class JournalJsonOutputTests
{
    [Fact]
    public void Lines_that_are_not_records_and_records_without_a_time_are_skipped()
    {
        const string output = "-- No entries --\n{\"MESSAGE\":\"no time\"}\n{\"__REALTIME_TIMESTAMP\":\"1000000\",\"MESSAGE\":\"one second\"}\n";

        var entries = JournalJsonOutput.Parse("web.service", output);

        Assert.Equal([new JournalEntry(DateTimeOffset.UnixEpoch.AddSeconds(1), "web.service", JournalSource.Stdout, "one second")], entries);
    }

    [Fact]
    public void A_message_journald_sent_as_bytes_is_decoded_as_utf8()
    {
        const string output = "{\"__REALTIME_TIMESTAMP\":\"1\",\"MESSAGE\":[195,169,116,195,169]}";

        Assert.Equal("été", JournalJsonOutput.Parse("web.service", output).Single().Text);
    }

    [Fact]
    public void A_line_that_is_broken_json_is_an_error()
    {
        Assert.Throws<FormatException>(() => JournalJsonOutput.Parse("web.service", "{\"MESSAGE\":"));
    }
}
