using System.Security.Cryptography;
using System.Text;
using Flotilla.Testing;

namespace Flotilla.Runner.Tests;

/// <summary>
/// A real <see cref="BuiltInUnitManager"/> over a temporary state directory with a runner id of its own;
/// disposing it stops every unit and kills whatever still carries that id.
/// </summary>
public sealed class RunnerHarness : IAsyncLifetime
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly TemporaryDirectory _directory = new();

    public RunnerHarness()
    {
        RunnerId = "test-" + Guid.NewGuid().ToString("N")[..12];
        Manager = new BuiltInUnitManager(Options(RunnerId));
    }

    public string RunnerId { get; }

    public BuiltInUnitManager Manager { get; private set; }

    /// <summary>A scratch directory for files the units write.</summary>
    public string Scratch => _directory.Path;

    public BuiltInRunnerOptions Options(string runnerId) => new()
    {
        StateDirectory = Path.Combine(_directory.Path, "state-" + runnerId),
        RunnerId = runnerId,
        ExtraEnvironment = new Dictionary<string, string> { ["FLOTILLA_ENDPOINT"] = "http://127.0.0.1:1" },
    };

    public static UnitSource Unit(string name, string text) =>
        new(name, text, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));

    public async Task<UnitStatus> LoadAsync(string name, string text)
    {
        var status = await Manager.LoadAsync(Unit(name, text), CancellationToken.None);
        Assert.Equal(UnitLoadState.Loaded, status.LoadState);
        return status;
    }

    public async Task<UnitStatus> LoadAndStartAsync(string name, string text)
    {
        await LoadAsync(name, text);
        return await Manager.StartAsync(name, CancellationToken.None);
    }

    public Task<IReadOnlyList<JournalEntry>> JournalAsync(string name) =>
        Manager.ReadJournalAsync(name, 1000, CancellationToken.None);

    public async Task<string> JournalTextAsync(string name) =>
        string.Join('\n', (await JournalAsync(name)).Select(e => e.Text));

    /// <summary>Polls until the unit's status satisfies <paramref name="condition"/>; fails the test at the deadline.</summary>
    public async Task<UnitStatus> WaitForStatusAsync(string name, Func<UnitStatus, bool> condition)
    {
        UnitStatus? status = null;
        await Eventually.TrueAsync(() => (status = Manager.Find(name)) is { } s && condition(s), $"{name} never reached the expected state");
        return status!;
    }

    public async Task WaitForJournalAsync(string name, string text) =>
        await Eventually.TrueAsync(async () => (await JournalTextAsync(name)).Contains(text, StringComparison.Ordinal), $"journal of {name} never showed \"{text}\"");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Manager.DisposeAsync();
        RunnerLeftovers.KillAll(RunnerId);
        _directory.Dispose();
    }
}
