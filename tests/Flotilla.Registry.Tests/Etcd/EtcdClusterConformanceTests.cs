namespace Flotilla.Registry.Tests.Etcd;

/// <summary>The conformance suite against three members, the client given every endpoint.</summary>
public sealed class EtcdClusterConformanceTests : Conformance.RegistryConformanceTests, IClassFixture<ThreeMemberEtcd>
{
    private readonly ThreeMemberEtcd _etcd;

    public EtcdClusterConformanceTests(ThreeMemberEtcd etcd)
    {
        _etcd = etcd;
    }

    protected override Task<IRegistry> ConnectAsync() => Task.FromResult<IRegistry>(_etcd.Connect());
}
