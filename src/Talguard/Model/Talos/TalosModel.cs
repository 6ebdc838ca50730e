namespace Talguard.Model.Talos;

/// <summary>
/// Our typed model of the Talos documents for the releases Talguard targets (v1.11 to v1.14): every
/// document kind with the tree of its fields, each field's value shape and the releases that accept it.
/// Written by hand after the published JSON schemas and the Talos types (so it knows the hidden fields
/// the schemas leave out); <c>TalosModelSchemaTests</c> checks it against those schemas.
/// </summary>
public static partial class TalosModel
{
    /// <summary>The oldest release the model describes; fields without a first release exist from here on.</summary>
    public static readonly TalosVersion OldestRelease = new(1, 11);

    /// <summary>The newest release the model describes.</summary>
    public static readonly TalosVersion NewestRelease = new(1, 14);

    private static readonly Lazy<TalosDocumentKind> LazyMainDocument = new(() => new("v1alpha1", OldestRelease, V1Alpha1.Config));

    private static readonly Lazy<IReadOnlyDictionary<string, TalosDocumentKind>> LazyKinds = new(() => new[]
    {
        new TalosDocumentKind("BGPInstanceConfig", new(1, 14), Network.BGPInstanceConfig),
        new TalosDocumentKind("BlackholeRouteConfig", new(1, 13), Network.BlackholeRouteConfig),
        new TalosDocumentKind("BondConfig", new(1, 12), Network.BondConfig),
        new TalosDocumentKind("BridgeConfig", new(1, 12), Network.BridgeConfig),
        new TalosDocumentKind("CRIBaseRuntimeSpecConfig", new(1, 14), Cri.CRIBaseRuntimeSpecConfig),
        new TalosDocumentKind("CRICustomizationConfig", new(1, 14), Cri.CRICustomizationConfig),
        new TalosDocumentKind("ContainerConfig", new(1, 14), Container.ContainerConfig),
        new TalosDocumentKind("DHCPv4Config", new(1, 12), Network.DHCPv4Config),
        new TalosDocumentKind("DHCPv6Config", new(1, 12), Network.DHCPv6Config),
        new TalosDocumentKind("DiscoveryIdentityConfig", new(1, 14), Cluster.DiscoveryIdentityConfig),
        new TalosDocumentKind("DiscoveryServiceConfig", new(1, 14), Cluster.DiscoveryServiceConfig),
        new TalosDocumentKind("DummyLinkConfig", new(1, 12), Network.DummyLinkConfig),
        new TalosDocumentKind("EnvironmentConfig", new(1, 13), Runtime.Environment),
        new TalosDocumentKind("EtcFileConfig", new(1, 14), Runtime.EtcFileConfig),
        new TalosDocumentKind("EthernetConfig", new(1, 11), Network.EthernetConfig),
        new TalosDocumentKind("EventSinkConfig", new(1, 11), Runtime.EventSink),
        new TalosDocumentKind("ExistingVolumeConfig", new(1, 11), Block.ExistingVolumeConfig),
        new TalosDocumentKind("ExtensionServiceConfig", new(1, 11), Extensions.ServiceConfig),
        new TalosDocumentKind("ExternalVolumeConfig", new(1, 13), Block.ExternalVolumeConfig),
        new TalosDocumentKind("FilesystemScrubConfig", new(1, 14), Block.FilesystemScrubConfig),
        new TalosDocumentKind("FilesystemTrimConfig", new(1, 14), Block.FilesystemTrimConfig),
        new TalosDocumentKind("HCloudVIPConfig", new(1, 12), Network.HCloudVIPConfig),
        new TalosDocumentKind("HTTPProbeConfig", new(1, 14), Network.HTTPProbeConfig),
        new TalosDocumentKind("HostnameConfig", new(1, 12), Network.HostnameConfig),
        new TalosDocumentKind("ImageCacheConfig", new(1, 14), Cri.ImageCacheConfig),
        new TalosDocumentKind("KernelModuleConfig", new(1, 14), Runtime.KernelModuleConfig),
        new TalosDocumentKind("KmsgLogConfig", new(1, 11), Runtime.KmsgLog),
        new TalosDocumentKind("KubeAPIServerCAConfig", new(1, 14), K8s.KubeAPIServerCAConfig),
        new TalosDocumentKind("KubeAPIServerConfig", new(1, 14), K8s.KubeAPIServerConfig),
        new TalosDocumentKind("KubeAdmissionControlConfig", new(1, 14), K8s.KubeAdmissionControlConfig),
        new TalosDocumentKind("KubeAggregatorCAConfig", new(1, 14), K8s.KubeAggregatorCAConfig),
        new TalosDocumentKind("KubeAuditPolicyConfig", new(1, 14), K8s.KubeAuditPolicyConfig),
        new TalosDocumentKind("KubeAuthenticationConfig", new(1, 14), K8s.KubeAuthenticationConfig),
        new TalosDocumentKind("KubeAuthorizerConfig", new(1, 14), K8s.KubeAuthorizerConfig),
        new TalosDocumentKind("KubeClusterConfig", new(1, 14), K8s.KubeClusterConfig),
        new TalosDocumentKind("KubeControllerManagerConfig", new(1, 14), K8s.KubeControllerManagerConfig),
        new TalosDocumentKind("KubeCoreDNSConfig", new(1, 14), K8s.KubeCoreDNSConfig),
        new TalosDocumentKind("KubeCredentialProviderConfig", new(1, 14), K8s.KubeCredentialProviderConfig),
        new TalosDocumentKind("KubeEtcdEncryptionConfig", new(1, 14), K8s.KubeEtcdEncryptionConfig),
        new TalosDocumentKind("KubeExternalManifestConfig", new(1, 14), K8s.KubeExternalManifestConfig),
        new TalosDocumentKind("KubeFlannelCNIConfig", new(1, 14), K8s.KubeFlannelCNIConfig),
        new TalosDocumentKind("KubeInlineManifestConfig", new(1, 14), K8s.KubeInlineManifestConfig),
        new TalosDocumentKind("KubeNetworkConfig", new(1, 14), K8s.KubeNetworkConfig),
        new TalosDocumentKind("KubeNodeConfig", new(1, 14), K8s.KubeNodeConfig),
        new TalosDocumentKind("KubePrismConfig", new(1, 14), K8s.KubePrismConfig),
        new TalosDocumentKind("KubeProxyConfig", new(1, 14), K8s.KubeProxyConfig),
        new TalosDocumentKind("KubeSchedulerConfig", new(1, 14), K8s.KubeSchedulerConfig),
        new TalosDocumentKind("KubeServiceAccountConfig", new(1, 14), K8s.KubeServiceAccountConfig),
        new TalosDocumentKind("KubeSpanConfig", new(1, 13), Network.KubeSpanConfig),
        // The schemas call these two kinds KubeSpanEndpoints and UnattendedInstall; Talos registers the names below.
        new TalosDocumentKind("KubeSpanEndpointsConfig", new(1, 11), Network.KubespanEndpointsConfig),
        new TalosDocumentKind("KubeStaticPodConfig", new(1, 14), K8s.KubeStaticPodConfig),
        new TalosDocumentKind("KubeTalosAPIAccessConfig", new(1, 14), K8s.KubeTalosAPIAccessConfig),
        new TalosDocumentKind("KubeletConfig", new(1, 14), K8s.KubeletConfig),
        new TalosDocumentKind("LVMLogicalVolumeConfig", new(1, 14), Storage.LVMLogicalVolumeConfig),
        new TalosDocumentKind("LVMVolumeGroupConfig", new(1, 14), Storage.LVMVolumeGroupConfig),
        new TalosDocumentKind("Layer2VIPConfig", new(1, 12), Network.Layer2VIPConfig),
        new TalosDocumentKind("LinkAliasConfig", new(1, 12), Network.LinkAliasConfig),
        new TalosDocumentKind("LinkConfig", new(1, 12), Network.LinkConfig),
        new TalosDocumentKind("NetworkDefaultActionConfig", new(1, 11), Network.DefaultActionConfig),
        new TalosDocumentKind("NetworkRuleConfig", new(1, 11), Network.RuleConfig),
        new TalosDocumentKind("OOMConfig", new(1, 12), Runtime.OOM),
        new TalosDocumentKind("PCIDriverRebindConfig", new(1, 11), Hardware.PCIDriverRebindConfig),
        new TalosDocumentKind("RAIDArrayConfig", new(1, 14), Storage.RAIDArrayConfig),
        new TalosDocumentKind("RawVolumeConfig", new(1, 11), Block.RawVolumeConfig),
        new TalosDocumentKind("RegistryAuthConfig", new(1, 12), Cri.RegistryAuthConfig),
        new TalosDocumentKind("RegistryMirrorConfig", new(1, 12), Cri.RegistryMirrorConfig),
        new TalosDocumentKind("RegistryTLSConfig", new(1, 12), Cri.RegistryTLSConfig),
        new TalosDocumentKind("ResolverConfig", new(1, 12), Network.ResolverConfig),
        new TalosDocumentKind("RoutingRuleConfig", new(1, 13), Network.RoutingRuleConfig),
        new TalosDocumentKind("SecurityProfileConfig", new(1, 14), Runtime.SecurityProfileConfig),
        new TalosDocumentKind("SideroLinkConfig", new(1, 11), Siderolink.Config),
        new TalosDocumentKind("StaticHostConfig", new(1, 12), Network.StaticHostConfig),
        new TalosDocumentKind("SwapVolumeConfig", new(1, 11), Block.SwapVolumeConfig),
        new TalosDocumentKind("SysctlConfig", new(1, 14), Runtime.SysctlConfig),
        new TalosDocumentKind("SysfsConfig", new(1, 14), Runtime.SysfsConfig),
        new TalosDocumentKind("TCPProbeConfig", new(1, 13), Network.TCPProbeConfig),
        new TalosDocumentKind("TimeSyncConfig", new(1, 12), Network.TimeSyncConfig),
        new TalosDocumentKind("TrustedRootsConfig", new(1, 11), Security.TrustedRootsConfig),
        new TalosDocumentKind("ImageVerificationConfig", new(1, 13), Security.ImageVerificationConfig) { Published = false },
        new TalosDocumentKind("UdevRulesConfig", new(1, 14), Runtime.UdevRulesConfig),
        new TalosDocumentKind("UnattendedInstallConfig", new(1, 14), Runtime.UnattendedInstallConfig),
        new TalosDocumentKind("UserVolumeConfig", new(1, 11), Block.UserVolumeConfig),
        new TalosDocumentKind("VLANConfig", new(1, 12), Network.VLANConfig),
        new TalosDocumentKind("VRFConfig", new(1, 13), Network.VRFConfig),
        new TalosDocumentKind("VethConfig", new(1, 14), Network.VethConfig),
        new TalosDocumentKind("VolumeConfig", new(1, 11), Block.VolumeConfig),
        new TalosDocumentKind("WatchdogTimerConfig", new(1, 11), Runtime.WatchdogTimer),
        new TalosDocumentKind("WireguardConfig", new(1, 12), Network.WireguardConfig),
        new TalosDocumentKind("ZswapConfig", new(1, 11), Block.ZswapConfig),
        new TalosDocumentKind("v1alpha1", new(1, 11), V1Alpha1.Config),
    }.ToDictionary(k => k.Kind, StringComparer.Ordinal));

    /// <summary>The main <c>version: v1alpha1</c> machine config document.</summary>
    public static TalosDocumentKind MainDocument => LazyMainDocument.Value;

    /// <summary>Every multi-document kind (<c>apiVersion: v1alpha1</c> plus <c>kind</c>), by kind.</summary>
    public static IReadOnlyDictionary<string, TalosDocumentKind> DocumentKinds => LazyKinds.Value;

    /// <summary>The model of a document (the main config, or the multi-document of its kind), if Talos knows it at all.</summary>
    public static TalosDocumentKind? Find(LocatedDocument document) => document.Class switch
    {
        DocumentClass.TalosMachineConfig => MainDocument,
        DocumentClass.TalosDocument => DocumentKinds.GetValueOrDefault(document.Kind),
        _ => null,
    };

    /// <summary>True when Talos at <paramref name="target"/> knows the multi-document kind.</summary>
    public static bool IsKnownKind(string kind, TalosVersion target) =>
        DocumentKinds.TryGetValue(kind, out var known) && known.ExistsIn(target);
}

/// <summary>A Talos document kind, the first release that accepts it and its fields.</summary>
public sealed record TalosDocumentKind(string Kind, TalosVersion FirstRelease, ObjectShape Shape)
{
    /// <summary>False for a kind Talos registers but the published schemas leave out.</summary>
    public bool Published { get; init; } = true;

    public bool ExistsIn(TalosVersion version) => version >= FirstRelease;
}
