using Flotilla.Registry.Data;

namespace Flotilla.Registry.Tests.Conformance;

/// <summary>
/// The one suite every store must pass. A store's test class derives from it and supplies
/// <see cref="ConnectAsync"/>; each test works under its own random prefix so a shared store (one etcd
/// per test class) can serve them all. Revisions are only compared relative to each other, never to
/// absolute numbers, because a shared etcd's revision moves with every test.
/// </summary>
public abstract partial class RegistryConformanceTests : IAsyncLifetime
{
    private IRegistry? _registry;

    /// <summary>A registry connected to the store under test; disposed after each test.</summary>
    protected IRegistry Registry => _registry ?? throw new InvalidOperationException("not connected");

    /// <summary>This test's own key space.</summary>
    protected string Prefix { get; } = $"/conformance/{Guid.NewGuid():N}/";

    protected static CancellationToken Timeout(int seconds = 30) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>Connects a new client to the store under test (a second call gives a second, independent client).</summary>
    protected abstract Task<IRegistry> ConnectAsync();

    public async Task InitializeAsync() => _registry = await ConnectAsync();

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    protected static ReadOnlyMemory<byte> Text(string text) => RegistryText.Encode(text);

    [Fact]
    public async Task A_put_value_reads_back_with_its_revisions()
    {
        string key = Prefix + "a";
        long revision = await Registry.PutAsync(key, Text("one"), cancellationToken: Timeout());

        KeyValue? item = await Registry.GetAsync(key, cancellationToken: Timeout());

        Assert.NotNull(item);
        Assert.Equal("one", item.ValueText);
        Assert.Equal(revision, item.CreateRevision);
        Assert.Equal(revision, item.ModRevision);
        Assert.Equal(1, item.Version);
    }
}
