namespace Talguard.Model.Talos.Patching;

/// <summary>How Talos merges one field whose Go type overrides the default (maps merge, lists append, scalars replace).</summary>
internal enum MergeRule
{
    /// <summary>Recursive map merge, list append, scalar replace.</summary>
    Default,

    /// <summary><c>merge:"replace"</c>: the patch's value replaces the whole field.</summary>
    Replace,

    /// <summary>Component <c>extraArgs</c> (<c>Args.Merge</c>): each argument the patch names is replaced whole, even by an empty string or a list.</summary>
    ReplaceEachKey,

    /// <summary>A list whose items are merged into the item with the same key (<see cref="MergeRules.ItemKey"/>), else appended.</summary>
    MergeByKey,

    /// <summary>A list whose items replace the base item with the same key, else are appended.</summary>
    ReplaceByKey,

    /// <summary><c>machine.network.interfaces</c> (<c>NetworkDeviceList.Merge</c>): merged by <c>interface</c>, else by an equal <c>deviceSelector</c>.</summary>
    NetworkDevices,
}

/// <summary>
/// The fields Talos merges other than by default, by document kind and field path (<c>[]</c> marks a list item),
/// read from the Talos sources of v1.13.9 and v1.14.0-rc.1, <c>pkg/machinery/config/types/</c>:
/// <list type="bullet">
/// <item><c>merge:"replace"</c> tags: <c>v1alpha1/v1alpha1_types.go</c> (<c>cluster.apiServer.auditPolicy</c>,
/// <c>cluster.network.podSubnets</c>, <c>cluster.network.serviceSubnets</c>); <c>network/rule_config.go</c>
/// (NetworkRuleConfig <c>ingress</c>, <c>portSelector.ports</c>); v1.14 only: <c>k8s/audit_policy.go</c>,
/// <c>k8s/authentication.go</c>, <c>k8s/credential_provider.go</c> (<c>configuration</c>), <c>k8s/network.go</c>
/// (<c>podSubnets</c>, <c>serviceSubnets</c>), <c>k8s/static_pod.go</c> (<c>pod</c>), <c>network/bgp.go</c>
/// (<c>advertise</c>, <c>importRoutes</c>, <c>neighbors</c>), <c>cri/base_runtime_spec.go</c> (<c>overrides</c>).</item>
/// <item>Custom <c>Merge</c> methods: <c>NetworkDeviceList</c>, <c>VlanList</c> (by <c>vlanId</c>),
/// <c>AdmissionPluginConfigList</c> (by <c>name</c>) and <c>Args</c> in <c>v1alpha1/v1alpha1_types.go</c> (v1.14:
/// <c>meta/args.go</c>, also used by the v1.14 Kube*Config documents); <c>runtime/extensions/service_config.go</c>
/// (<c>ConfigFileList</c> by <c>mountPath</c>); <c>security/image_verification.go</c> (<c>ImageVerificationRules</c>,
/// replaced by <c>image</c>).</item>
/// </list>
/// </summary>
internal static class MergeRules
{
    private static readonly Dictionary<(string Kind, string Path), MergeRule> Rules = new()
    {
        [("v1alpha1", "cluster.apiServer.auditPolicy")] = MergeRule.Replace,
        [("v1alpha1", "cluster.network.podSubnets")] = MergeRule.Replace,
        [("v1alpha1", "cluster.network.serviceSubnets")] = MergeRule.Replace,
        [("v1alpha1", "machine.network.interfaces")] = MergeRule.NetworkDevices,
        [("v1alpha1", "machine.network.interfaces[].vlans")] = MergeRule.MergeByKey,
        [("v1alpha1", "cluster.apiServer.admissionControl")] = MergeRule.MergeByKey,
        [("v1alpha1", "machine.kubelet.extraArgs")] = MergeRule.ReplaceEachKey,
        [("v1alpha1", "cluster.apiServer.extraArgs")] = MergeRule.ReplaceEachKey,
        [("v1alpha1", "cluster.controllerManager.extraArgs")] = MergeRule.ReplaceEachKey,
        [("v1alpha1", "cluster.proxy.extraArgs")] = MergeRule.ReplaceEachKey,
        [("v1alpha1", "cluster.scheduler.extraArgs")] = MergeRule.ReplaceEachKey,
        [("v1alpha1", "cluster.etcd.extraArgs")] = MergeRule.ReplaceEachKey,
        [("NetworkRuleConfig", "ingress")] = MergeRule.Replace,
        [("NetworkRuleConfig", "portSelector.ports")] = MergeRule.Replace,
        [("ExtensionServiceConfig", "configFiles")] = MergeRule.MergeByKey,
        [("ImageVerificationConfig", "rules")] = MergeRule.ReplaceByKey,
        [("KubeAuditPolicyConfig", "configuration")] = MergeRule.Replace,
        [("KubeAuthenticationConfig", "configuration")] = MergeRule.Replace,
        [("KubeCredentialProviderConfig", "configuration")] = MergeRule.Replace,
        [("KubeNetworkConfig", "podSubnets")] = MergeRule.Replace,
        [("KubeNetworkConfig", "serviceSubnets")] = MergeRule.Replace,
        [("KubeStaticPodConfig", "pod")] = MergeRule.Replace,
        [("BGPInstanceConfig", "advertise")] = MergeRule.Replace,
        [("BGPInstanceConfig", "importRoutes")] = MergeRule.Replace,
        [("BGPInstanceConfig", "neighbors")] = MergeRule.Replace,
        [("CRIBaseRuntimeSpecConfig", "overrides")] = MergeRule.Replace,
        [("KubeAPIServerConfig", "extraArgs")] = MergeRule.ReplaceEachKey,
        [("KubeControllerManagerConfig", "extraArgs")] = MergeRule.ReplaceEachKey,
        [("KubeSchedulerConfig", "extraArgs")] = MergeRule.ReplaceEachKey,
        [("KubeProxyConfig", "extraArgs")] = MergeRule.ReplaceEachKey,
        [("KubeletConfig", "extraArgs")] = MergeRule.ReplaceEachKey,
    };

    private static readonly Dictionary<(string Kind, string Path), string> ItemKeys = new()
    {
        [("v1alpha1", "machine.network.interfaces[].vlans")] = "vlanId",
        [("v1alpha1", "cluster.apiServer.admissionControl")] = "name",
        [("ExtensionServiceConfig", "configFiles")] = "mountPath",
        [("ImageVerificationConfig", "rules")] = "image",
    };

    public static MergeRule For(string kind, string path) => Rules.GetValueOrDefault((kind, path));

    /// <summary>The key that identifies an item of a keyed list.</summary>
    public static string ItemKey(string kind, string path) => ItemKeys[(kind, path)];
}
