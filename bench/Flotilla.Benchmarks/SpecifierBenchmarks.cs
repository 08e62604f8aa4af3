using BenchmarkDotNet.Attributes;
using Flotilla.Units.Names;
using Flotilla.Units.Specifiers;

namespace Flotilla.Benchmarks;

/// <summary>Name parsing and specifier expansion run for every word of every loaded unit.</summary>
[MemoryDiagnoser]
public class SpecifierBenchmarks
{
    private readonly SpecifierExpander _expander = new(
        UnitName.Parse("web@8080.service"),
        new FixedHostFacts { HostName = "node1.example.com", MachineId = "0123456789abcdef0123456789abcdef" });

    [Benchmark]
    public UnitName ParseName() => UnitName.Parse("web-frontend@8080.service");

    [Benchmark]
    public string ExpandWithoutSpecifiers() => _expander.Expand("/usr/bin/docker run --rm nginx:latest");

    [Benchmark]
    public string ExpandExecLine() => _expander.Expand("/usr/bin/web --port=%i --name=%p-%m --host=%H --state=%S/%p");

    [Benchmark]
    public string ExpandFleetValue() => SpecifierExpander.ExpandFleet("hostname=%i", UnitName.Parse("web@node1.service"));
}
