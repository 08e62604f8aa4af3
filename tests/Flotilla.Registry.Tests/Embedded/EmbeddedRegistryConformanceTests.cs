using Flotilla.Registry.Embedded;
using Flotilla.Registry.Tests.Conformance;

namespace Flotilla.Registry.Tests.Embedded;

/// <summary>The shared conformance suite against the embedded store, one fresh database per test.</summary>
public sealed class EmbeddedRegistryConformanceTests : RegistryConformanceTests, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    protected override Task<IRegistry> ConnectAsync() =>
        Task.FromResult<IRegistry>(EmbeddedRegistry.Open(_directory.Database));

    public void Dispose() => _directory.Dispose();
}
