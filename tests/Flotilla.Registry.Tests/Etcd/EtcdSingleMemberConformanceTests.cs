namespace Flotilla.Registry.Tests.Etcd;

public sealed class EtcdSingleMemberConformanceTests : Conformance.RegistryConformanceTests, IClassFixture<SingleMemberEtcd>
{
    private readonly SingleMemberEtcd _etcd;

    public EtcdSingleMemberConformanceTests(SingleMemberEtcd etcd)
    {
        _etcd = etcd;
    }

    protected override Task<IRegistry> ConnectAsync() => Task.FromResult<IRegistry>(_etcd.Connect());
}
