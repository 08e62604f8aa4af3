using Flotilla.Runner.Journal;
using Flotilla.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Runner.Tests.Journal;

public sealed class UnitJournalTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 7, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Entries_read_back_with_their_time_source_and_text_oldest_first()
    {
        var journal = new UnitJournal(_directory.Path, "a.service", 1 << 20, _time);
        journal.Write(JournalSource.Stdout, "one\ttab");
        _time.Advance(TimeSpan.FromSeconds(1));
        journal.Write(JournalSource.Stderr, "two");
        journal.Write(JournalSource.Runner, "three");

        var entries = journal.Read(10);

        Assert.Equal(
            [
                new JournalEntry(_time.GetUtcNow().AddSeconds(-1), "a.service", JournalSource.Stdout, "one\ttab"),
                new JournalEntry(_time.GetUtcNow(), "a.service", JournalSource.Stderr, "two"),
                new JournalEntry(_time.GetUtcNow(), "a.service", JournalSource.Runner, "three"),
            ],
            entries);
        Assert.Equal(["three"], journal.Read(1).Select(e => e.Text));
    }

    [Fact]
    public void The_file_rotates_at_the_limit_keeping_one_old_file()
    {
        var journal = new UnitJournal(_directory.Path, "big.service", 2000, _time);
        for (var i = 0; i < 200; i++)
        {
            journal.Write(JournalSource.Stdout, $"line {i:D3} " + new string('x', 40));
        }

        var files = Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["big.service.journal", "big.service.journal.1"], files);
        Assert.All(Directory.GetFiles(_directory.Path), f => Assert.True(new FileInfo(f).Length <= 2000));
        var entries = journal.Read(1000);
        Assert.StartsWith("line 199", entries[^1].Text, StringComparison.Ordinal);
        Assert.True(entries.Count < 200);

        // What is kept is a contiguous tail.
        var numbers = entries.Select(e => int.Parse(e.Text.AsSpan(5, 3), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
    }
}
