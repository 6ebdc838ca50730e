namespace Talguard.Model.Talos;

/// <summary>
/// Cluster discovery: <c>cluster.discovery</c> (full config or patch) and the v1.14 <c>DiscoveryServiceConfig</c>,
/// which replaces its service registry (v1.14 has no document for the deprecated Kubernetes registry).
/// </summary>
public sealed class DiscoverySettings
{
    public const string ServiceDocumentKind = "DiscoveryServiceConfig";

    private DiscoverySettings(TalosConfigFile file)
    {
        Enabled = [.. SettingValue.InMain(file, "cluster", "discovery", "enabled")];
        KubernetesRegistryDisabled = [.. SettingValue.InMain(file, "cluster", "discovery", "registries", "kubernetes", "disabled")];
        ServiceRegistryDisabled = [.. SettingValue.InMain(file, "cluster", "discovery", "registries", "service", "disabled")];
        ServiceEndpoints =
        [
            .. SettingValue.InMain(file, "cluster", "discovery", "registries", "service", "endpoint"),
            .. SettingValue.InKind(file, ServiceDocumentKind, "endpoint"),
        ];
    }

    /// <summary><c>cluster.discovery.enabled</c>.</summary>
    public IReadOnlyList<SettingValue> Enabled { get; }

    /// <summary><c>cluster.discovery.registries.kubernetes.disabled</c>.</summary>
    public IReadOnlyList<SettingValue> KubernetesRegistryDisabled { get; }

    /// <summary><c>cluster.discovery.registries.service.disabled</c>.</summary>
    public IReadOnlyList<SettingValue> ServiceRegistryDisabled { get; }

    /// <summary>The discovery service endpoints: <c>registries.service.endpoint</c> and each <c>DiscoveryServiceConfig</c>'s <c>endpoint</c>.</summary>
    public IReadOnlyList<SettingValue> ServiceEndpoints { get; }

    public static DiscoverySettings Of(TalosConfigFile file) => file.View(static f => new DiscoverySettings(f));
}
