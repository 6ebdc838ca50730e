namespace Talguard.Model.Talos;

/// <summary>etcd: <c>cluster.etcd</c> (Talos v1.11 to v1.14 have no split document for it).</summary>
public sealed class EtcdSettings : ComponentSettings
{
    private EtcdSettings(TalosConfigFile file)
        : base(file, KubeComponent.Etcd)
    {
        AdvertisedSubnets = [.. Read("advertisedSubnets")];
        ListenSubnets = [.. Read("listenSubnets")];
    }

    /// <summary>The <c>advertisedSubnets</c> lists: which addresses etcd advertises to its peers.</summary>
    public IReadOnlyList<SettingValue> AdvertisedSubnets { get; }

    /// <summary>The <c>listenSubnets</c> lists: which addresses etcd listens on.</summary>
    public IReadOnlyList<SettingValue> ListenSubnets { get; }

    public static EtcdSettings Of(TalosConfigFile file) => file.View(static f => new EtcdSettings(f));
}
