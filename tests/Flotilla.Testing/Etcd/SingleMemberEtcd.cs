namespace Flotilla.Testing.Etcd;

/// <summary>Class fixture: one etcd member shared by a test class.</summary>
public sealed class SingleMemberEtcd : EtcdCluster
{
    public SingleMemberEtcd()
        : base(1)
    {
    }
}
