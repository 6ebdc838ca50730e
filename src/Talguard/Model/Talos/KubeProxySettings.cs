namespace Talguard.Model.Talos;

/// <summary>
/// kube-proxy, which Talos deploys from the control plane's config: <c>cluster.proxy</c> and the v1.14 <c>KubeProxyConfig</c>
/// (whose <c>enabled: false</c> is the old <c>disabled: true</c>, and whose <c>config</c> is a KubeProxyConfiguration).
/// </summary>
public sealed class KubeProxySettings : ComponentSettings
{
    private KubeProxySettings(TalosConfigFile file)
        : base(file, KubeComponent.Proxy)
    {
        IsDisabled = SettingValue.InMain(file, "cluster", "proxy", "disabled").Any(v => v.Node.AsBool() == true)
            || SettingValue.InKind(file, KubeComponent.Proxy.DocumentKind, "enabled").Any(v => v.Node.AsBool() == false);
        Modes = [.. Read("mode")];
        ConfigNodePortAddresses = [.. SettingValue.InKind(file, KubeComponent.Proxy.DocumentKind, "config", "nodePortAddresses")];
    }

    /// <summary>True when the file turns kube-proxy off (a CNI such as Cilium replaces it).</summary>
    public bool IsDisabled { get; }

    /// <summary>The <c>mode</c> settings (iptables, ipvs, nftables), main document first.</summary>
    public IReadOnlyList<SettingValue> Modes { get; }

    /// <summary>The v1.14 <c>KubeProxyConfig</c> <c>config.nodePortAddresses</c> lists.</summary>
    public IReadOnlyList<SettingValue> ConfigNodePortAddresses { get; }

    public static KubeProxySettings Of(TalosConfigFile file) => file.View(static f => new KubeProxySettings(f));
}
