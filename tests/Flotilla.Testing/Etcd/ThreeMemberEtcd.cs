namespace Flotilla.Testing.Etcd;

/// <summary>Class fixture: a three-member etcd cluster shared by a test class.</summary>
public sealed class ThreeMemberEtcd : EtcdCluster
{
    public ThreeMemberEtcd()
        : base(3)
    {
    }
}
