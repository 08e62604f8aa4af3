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

    /// <summary>Connects a client to the store under test; called once per test, disposed after it.</summary>
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

    protected async Task<long> PutAsync(string relativeKey, string value, long leaseId = 0) =>
        await Registry.PutAsync(Prefix + relativeKey, Text(value), leaseId, Timeout());

    protected async Task<KeyValue?> GetAsync(string relativeKey, long revision = 0) =>
        await Registry.GetAsync(Prefix + relativeKey, revision, Timeout());

    /// <summary>Waits (polling, bounded) until a condition holds; for lease expiry, which is real time in a real store.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        DateTime deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"not within {within.TotalSeconds} s: {what}");
            }

            await Task.Delay(100);
        }
    }
}
