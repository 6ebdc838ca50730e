namespace Talguard.Model.Talos;

/// <summary>
/// Who the cluster is and its address plan: <c>cluster.clusterName</c>, <c>cluster.controlPlane.endpoint</c> and
/// <c>cluster.network</c> (<c>podSubnets</c>, <c>serviceSubnets</c>, <c>cni.name</c>) of the v1alpha1 document or a bare
/// patch, and the v1.14 <c>KubeClusterConfig</c> and <c>KubeNetworkConfig</c> documents, in file order.
/// </summary>
internal sealed class ClusterSettings
{
    public const string ClusterDocumentKind = "KubeClusterConfig";

    public const string NetworkDocumentKind = "KubeNetworkConfig";

    private ClusterSettings(TalosConfigFile file)
    {
        ClusterName = [.. SettingValue.InMain(file, "cluster", "clusterName"), .. SettingValue.InKind(file, ClusterDocumentKind, "clusterName")];
        Endpoint = [.. SettingValue.InMain(file, "cluster", "controlPlane", "endpoint"), .. SettingValue.InKind(file, ClusterDocumentKind, "endpoint")];
        PodSubnets = [.. Items(SettingValue.InMain(file, "cluster", "network", "podSubnets")), .. Items(SettingValue.InKind(file, NetworkDocumentKind, "podSubnets"))];
        ServiceSubnets = [.. Items(SettingValue.InMain(file, "cluster", "network", "serviceSubnets")), .. Items(SettingValue.InKind(file, NetworkDocumentKind, "serviceSubnets"))];
        CniName = [.. SettingValue.InMain(file, "cluster", "network", "cni", "name")];
    }

    public IReadOnlyList<SettingValue> ClusterName { get; }

    public IReadOnlyList<SettingValue> Endpoint { get; }

    /// <summary>Each pod subnet, one value per list item.</summary>
    public IReadOnlyList<SettingValue> PodSubnets { get; }

    /// <summary>Each service subnet, one value per list item.</summary>
    public IReadOnlyList<SettingValue> ServiceSubnets { get; }

    /// <summary><c>cluster.network.cni.name</c> (<c>flannel</c>, <c>custom</c>, <c>none</c>; absent means flannel).</summary>
    public IReadOnlyList<SettingValue> CniName { get; }

    public static ClusterSettings Of(TalosConfigFile file) => file.View(static f => new ClusterSettings(f));

    private static IEnumerable<SettingValue> Items(IEnumerable<SettingValue> lists) =>
        lists.Where(list => list.Node.IsSequence).SelectMany(list => list.Node.Items.Select(item => new SettingValue(list.Document, item)));
}
