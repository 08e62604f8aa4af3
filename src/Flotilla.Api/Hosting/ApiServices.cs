using Flotilla.Registry;
using Flotilla.Registry.Layout;
using Flotilla.Runner;

namespace Flotilla.Api.Hosting;

/// <summary>What every endpoint works with: the registry (raw and as cluster records), the local runner and the options.</summary>
public sealed class ApiServices(IRegistry registry, IUnitManager units, ApiServerOptions options)
{
    public IRegistry Registry { get; } = registry;

    public ClusterRegistry Cluster { get; } = new(registry, options.Layout);

    public IUnitManager Units { get; } = units;

    public ApiServerOptions Options { get; } = options;

    public ApiRequestCounter Requests { get; } = new();
}
