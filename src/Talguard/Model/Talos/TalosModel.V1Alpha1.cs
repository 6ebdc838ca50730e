using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>v1alpha1</c> config package.</summary>
    private static class V1Alpha1
    {
        public static ObjectShape CertificateAndKey => Obj(
            Field("crt", Str),
            Field("key", Str));

        /// <summary>A list of <c>{crt}</c> in Talos; the JSON schema wrongly says a single object.</summary>
        public static ListShape AcceptedCAs => ListOf(Obj(Field("crt", Str)));

        /// <summary>Legacy <c>machine.systemDiskEncryption</c>: deprecated since v1.11 in favour of VolumeConfig, never in a schema.</summary>
        public static ObjectShape SystemDiskEncryptionConfig => Obj(
            Field("state", EncryptionConfig),
            Field("ephemeral", EncryptionConfig));

        public static ObjectShape EncryptionConfig => Obj(
            Field("provider", Str),
            Field("keys", ListOf(EncryptionKey)),
            Field("cipher", Str),
            Field("keySize", Int),
            Field("blockSize", Int),
            Field("options", ListOf(Str)));

        /// <summary>A legacy key: no <c>lockToState</c>, and its TPM key has no <c>options</c> (PCRs).</summary>
        public static ObjectShape EncryptionKey => Obj(
            Field("slot", Int),
            Field("static", Obj(Field("passphrase", Str))),
            Field("nodeID", Obj()),
            Field("kms", Obj(Field("endpoint", Str))),
            Field("tpm", Obj(Field("checkSecurebootStatusOnEnroll", Bool))));

        /// <summary>Legacy <c>machine.disks</c> (replaced by UserVolumeConfig), never in a schema.</summary>
        public static ObjectShape MachineDisk => Obj(
            Field("device", Str),
            Field("partitions", ListOf(Obj(
                Field("mountpoint", Str),
                Field("size", IntOrString)))));

        public static ObjectShape APIServerConfig => Obj(
            Field("image", Str),
            Field("extraArgs", MapOf(ArgValue)),
            Field("extraVolumes", ListOf(VolumeMountConfig)),
            Field("env", MapOf(Str)),
            Field("certSANs", ListOf(Str)),
            Field("disablePodSecurityPolicy", Bool).HiddenFrom(1, 12),
            Field("admissionControl", ListOf(AdmissionPluginConfig)),
            Field("auditPolicy", FreeForm),
            Field("resources", FreeForm),
            Field("authorizationConfig", ListOf(AuthorizationConfigAuthorizerConfig)));

        public static ObjectShape AdminKubeconfigConfig => Obj(
            Field("certLifetime", Str));

        public static ObjectShape AdmissionPluginConfig => Obj(
            Field("name", Str),
            Field("configuration", FreeForm));

        public static ObjectShape AuthorizationConfigAuthorizerConfig => Obj(
            Field("type", Str),
            Field("name", Str),
            Field("webhook", FreeForm));

        public static ObjectShape Bond => Obj(
            Field("interfaces", ListOf(Str)),
            Field("deviceSelectors", ListOf(NetworkDeviceSelector)),
            Field("arpIPTarget", ListOf(Str)),
            Field("mode", Str),
            Field("xmitHashPolicy", Str),
            Field("lacpRate", Str),
            Field("adActorSystem", Str),
            Field("arpValidate", Str),
            Field("arpAllTargets", Str),
            Field("primary", Str),
            Field("primaryReselect", Str),
            Field("failOverMac", Str),
            Field("adSelect", Str),
            Field("miimon", Int),
            Field("updelay", Int),
            Field("downdelay", Int),
            Field("arpInterval", Int),
            Field("resendIgmp", Int),
            Field("minLinks", Int),
            Field("lpInterval", Int),
            Field("packetsPerSlave", Int),
            Field("numPeerNotif", Int),
            Field("tlbDynamicLb", Int),
            Field("allSlavesActive", Int),
            Field("useCarrier", Bool),
            Field("adActorSysPrio", Int),
            Field("adUserPortKey", Int),
            Field("peerNotifyDelay", Int));

        public static ObjectShape Bridge => Obj(
            Field("interfaces", ListOf(Str)),
            Field("stp", STP),
            Field("vlan", BridgeVLAN));

        public static ObjectShape BridgePort => Obj(
            Field("master", Str));

        public static ObjectShape BridgeVLAN => Obj(
            Field("vlanFiltering", Bool));

        public static ObjectShape CNIConfig => Obj(
            Field("name", Str),
            Field("urls", ListOf(Str)),
            Field("flannel", FlannelCNIConfig));

        public static ObjectShape ClusterConfig => Obj(
            Field("id", Str).HiddenFrom(1, 14),
            Field("secret", Str).HiddenFrom(1, 14),
            Field("controlPlane", ControlPlaneConfig).HiddenFrom(1, 14),
            Field("clusterName", Str).HiddenFrom(1, 14),
            Field("network", ClusterNetworkConfig).HiddenFrom(1, 14),
            Field("token", Str),
            Field("aescbcEncryptionSecret", Str).HiddenFrom(1, 14),
            Field("secretboxEncryptionSecret", Str).HiddenFrom(1, 14),
            Field("ca", CertificateAndKey).HiddenFrom(1, 14),
            Field("acceptedCAs", AcceptedCAs).HiddenFrom(1, 14),
            Field("aggregatorCA", CertificateAndKey).HiddenFrom(1, 14),
            Field("serviceAccount", Obj(Field("key", Str))).HiddenFrom(1, 14),
            Field("apiServer", APIServerConfig).HiddenFrom(1, 14),
            Field("controllerManager", ControllerManagerConfig).HiddenFrom(1, 14),
            Field("proxy", ProxyConfig).HiddenFrom(1, 14),
            Field("scheduler", SchedulerConfig).HiddenFrom(1, 14),
            Field("discovery", ClusterDiscoveryConfig).HiddenFrom(1, 14),
            Field("etcd", EtcdConfig),
            Field("coreDNS", CoreDNS).HiddenFrom(1, 14),
            Field("externalCloudProvider", ExternalCloudProviderConfig),
            Field("extraManifests", ListOf(Str)).HiddenFrom(1, 14),
            Field("extraManifestHeaders", MapOf(Str)).HiddenFrom(1, 14),
            Field("inlineManifests", ListOf(ClusterInlineManifest)).HiddenFrom(1, 14),
            Field("adminKubeconfig", AdminKubeconfigConfig),
            Field("allowSchedulingOnControlPlanes", Bool).HiddenFrom(1, 14),
            Field("allowSchedulingOnMasters", Bool).Hidden());

        public static ObjectShape ClusterDiscoveryConfig => Obj(
            Field("enabled", Bool),
            Field("registries", DiscoveryRegistriesConfig));

        public static ObjectShape ClusterInlineManifest => Obj(
            Field("name", Str),
            Field("contents", Str));

        public static ObjectShape ClusterNetworkConfig => Obj(
            Field("cni", CNIConfig),
            Field("dnsDomain", Str),
            Field("podSubnets", ListOf(Str)),
            Field("serviceSubnets", ListOf(Str)));

        /// <summary>The <c>v1alpha1</c> document.</summary>
        public static ObjectShape Config => Obj(
            Field("version", Str),
            Field("debug", Bool),
            Field("persist", Bool).Hidden(),
            Field("machine", MachineConfig),
            Field("cluster", ClusterConfig));

        public static ObjectShape ControlPlaneConfig => Obj(
            Field("endpoint", Str),
            Field("localAPIServerPort", Int));

        public static ObjectShape ControllerManagerConfig => Obj(
            Field("image", Str),
            Field("extraArgs", MapOf(ArgValue)),
            Field("extraVolumes", ListOf(VolumeMountConfig)),
            Field("env", MapOf(Str)),
            Field("resources", FreeForm));

        public static ObjectShape CoreDNS => Obj(
            Field("disabled", Bool),
            Field("image", Str));

        public static ObjectShape DHCPOptions => Obj(
            Field("routeMetric", Int),
            Field("ipv4", Bool),
            Field("ipv6", Bool),
            Field("duidv6", Str));

        public static ObjectShape Device => Obj(
            Field("interface", Str),
            Field("deviceSelector", NetworkDeviceSelector),
            Field("addresses", ListOf(Str)),
            Field("routes", ListOf(Route)),
            Field("bond", Bond),
            Field("bridge", Bridge),
            Field("bridgePort", BridgePort),
            Field("vlans", ListOf(Vlan)),
            Field("mtu", Int),
            Field("dhcp", Bool),
            Field("ignore", Bool),
            Field("dummy", Bool),
            Field("dhcpOptions", DHCPOptions),
            Field("wireguard", DeviceWireguardConfig),
            Field("vip", DeviceVIPConfig));

        public static ObjectShape DeviceVIPConfig => Obj(
            Field("ip", Str),
            Field("equinixMetal", VIPEquinixMetalConfig),
            Field("hcloud", VIPHCloudConfig));

        public static ObjectShape DeviceWireguardConfig => Obj(
            Field("privateKey", Str),
            Field("listenPort", Int),
            Field("firewallMark", Int),
            Field("peers", ListOf(DeviceWireguardPeer)));

        public static ObjectShape DeviceWireguardPeer => Obj(
            Field("publicKey", Str),
            Field("endpoint", Str),
            Field("persistentKeepaliveInterval", Str),
            Field("allowedIPs", ListOf(Str)));

        public static ObjectShape DiscoveryRegistriesConfig => Obj(
            Field("kubernetes", RegistryKubernetesConfig),
            Field("service", RegistryServiceConfig));

        public static ObjectShape EtcdConfig => Obj(
            Field("image", Str),
            Field("ca", CertificateAndKey),
            Field("extraArgs", MapOf(ArgValue)),
            Field("advertisedSubnets", ListOf(Str)),
            Field("listenSubnets", ListOf(Str)),
            Field("subnet", Str).Hidden());

        public static ObjectShape ExternalCloudProviderConfig => Obj(
            Field("enabled", Bool),
            Field("manifests", ListOf(Str)));

        public static ObjectShape ExtraHost => Obj(
            Field("ip", Str),
            Field("aliases", ListOf(Str)));

        public static ObjectShape ExtraMount => Obj(
            Field("destination", Str),
            Field("type", Str),
            Field("source", Str),
            Field("options", ListOf(Str)),
            Field("uidMappings", ListOf(LinuxIDMapping)),
            Field("gidMappings", ListOf(LinuxIDMapping)));

        public static ObjectShape FeaturesConfig => Obj(
            Field("rbac", Bool).HiddenFrom(1, 12),
            Field("stableHostname", Bool).HiddenFrom(1, 12),
            Field("kubernetesTalosAPIAccess", KubernetesTalosAPIAccessConfig).HiddenFrom(1, 14),
            Field("apidCheckExtKeyUsage", Bool).HiddenFrom(1, 12),
            Field("diskQuotaSupport", Bool),
            Field("kubePrism", KubePrism).HiddenFrom(1, 14),
            Field("hostDNS", HostDNSConfig).HiddenFrom(1, 14),
            Field("imageCache", ImageCacheConfig).HiddenFrom(1, 14),
            Field("nodeAddressSortAlgorithm", Str));

        public static ObjectShape FlannelCNIConfig => Obj(
            Field("extraArgs", ListOf(Str)),
            Field("kubeNetworkPoliciesEnabled", Bool).Since(1, 13));

        public static ObjectShape HostDNSConfig => Obj(
            Field("enabled", Bool),
            Field("forwardKubeDNSToHost", Bool),
            Field("resolveMemberNames", Bool));

        public static ObjectShape ImageCacheConfig => Obj(
            Field("localEnabled", Bool));

        public static ObjectShape InstallConfig => Obj(
            Field("disk", Str),
            Field("diskSelector", InstallDiskSelector),
            Field("extraKernelArgs", ListOf(Str)).HiddenFrom(1, 12),
            Field("image", Str),
            Field("wipe", Bool),
            Field("legacyBIOSSupport", Bool),
            Field("bootloader", Bool).Hidden(),
            Field("extensions", ListOf(Obj(Field("image", Str)))).Hidden(),
            Field("grubUseUKICmdline", Bool).Since(1, 12));

        public static ObjectShape InstallDiskSelector => Obj(
            Field("size", Str),
            Field("name", Str),
            Field("model", Str),
            Field("serial", Str),
            Field("modalias", Str),
            Field("uuid", Str),
            Field("wwid", Str),
            Field("type", Str),
            Field("busPath", Str));

        public static ObjectShape KernelConfig => Obj(
            Field("modules", ListOf(KernelModuleConfig)));

        public static ObjectShape KernelModuleConfig => Obj(
            Field("name", Str),
            Field("parameters", ListOf(Str)));

        public static ObjectShape KubePrism => Obj(
            Field("enabled", Bool),
            Field("port", Int));

        public static ObjectShape KubeSpanFilters => Obj(
            Field("endpoints", ListOf(Str)),
            Field("excludeAdvertisedNetworks", ListOf(Str)).Since(1, 12));

        public static ObjectShape KubeletConfig => Obj(
            Field("image", Str),
            Field("clusterDNS", ListOf(Str)),
            Field("extraArgs", MapOf(ArgValue)),
            Field("extraMounts", ListOf(ExtraMount)),
            Field("extraConfig", FreeForm),
            Field("credentialProviderConfig", FreeForm),
            Field("defaultRuntimeSeccompProfileEnabled", Bool),
            Field("registerWithFQDN", Bool),
            Field("nodeIP", KubeletNodeIPConfig),
            Field("skipNodeRegistration", Bool),
            Field("disableManifestsDirectory", Bool));

        public static ObjectShape KubeletNodeIPConfig => Obj(
            Field("validSubnets", ListOf(Str)));

        public static ObjectShape KubernetesTalosAPIAccessConfig => Obj(
            Field("enabled", Bool),
            Field("allowedRoles", ListOf(Str)),
            Field("allowedKubernetesNamespaces", ListOf(Str)));

        public static ObjectShape LinuxIDMapping => Obj(
            Field("containerID", Int),
            Field("hostID", Int),
            Field("size", Int));

        public static ObjectShape LoggingConfig => Obj(
            Field("destinations", ListOf(LoggingDestination)));

        public static ObjectShape LoggingDestination => Obj(
            Field("endpoint", Str),
            Field("format", Str),
            Field("extraTags", MapOf(Str)));

        public static ObjectShape MachineConfig => Obj(
            Field("type", Str),
            Field("token", Str),
            Field("ca", CertificateAndKey),
            Field("acceptedCAs", AcceptedCAs),
            Field("certSANs", ListOf(Str)),
            Field("controlPlane", MachineControlPlaneConfig).HiddenFrom(1, 14),
            Field("kubelet", KubeletConfig).HiddenFrom(1, 14),
            Field("pods", ListOf(FreeForm)).HiddenFrom(1, 14),
            Field("network", NetworkConfig).HiddenFrom(1, 13),
            Field("install", InstallConfig).HiddenFrom(1, 14),
            Field("disks", ListOf(MachineDisk)).Hidden(),
            Field("files", ListOf(MachineFile)).HiddenFrom(1, 14),
            Field("env", MapOf(Str)).HiddenFrom(1, 13),
            Field("time", TimeConfig).HiddenFrom(1, 12),
            Field("sysctls", MapOf(Str)).HiddenFrom(1, 14),
            Field("sysfs", MapOf(Str)).HiddenFrom(1, 14),
            Field("registries", RegistriesConfig).HiddenFrom(1, 12),
            Field("systemDiskEncryption", SystemDiskEncryptionConfig).Hidden(),
            Field("features", FeaturesConfig),
            Field("udev", UdevConfig).HiddenFrom(1, 14),
            Field("logging", LoggingConfig),
            Field("kernel", KernelConfig).HiddenFrom(1, 14),
            Field("seccompProfiles", ListOf(MachineSeccompProfile)),
            Field("baseRuntimeSpecOverrides", FreeForm).HiddenFrom(1, 14),
            Field("nodeLabels", MapOf(Str)).HiddenFrom(1, 14),
            Field("nodeAnnotations", MapOf(Str)).HiddenFrom(1, 14),
            Field("nodeTaints", MapOf(Str)).HiddenFrom(1, 14));

        public static ObjectShape MachineControlPlaneConfig => Obj(
            Field("controllerManager", MachineControllerManagerConfig),
            Field("scheduler", MachineSchedulerConfig));

        public static ObjectShape MachineControllerManagerConfig => Obj(
            Field("disabled", Bool));

        public static ObjectShape MachineFile => Obj(
            Field("content", Str),
            Field("permissions", Int),
            Field("path", Str),
            Field("op", Str));

        public static ObjectShape MachineSchedulerConfig => Obj(
            Field("disabled", Bool));

        public static ObjectShape MachineSeccompProfile => Obj(
            Field("name", Str),
            Field("value", FreeForm));

        public static ObjectShape NetworkConfig => Obj(
            Field("hostname", Str).HiddenFrom(1, 12),
            Field("interfaces", ListOf(Device)).HiddenFrom(1, 12),
            Field("nameservers", ListOf(Str)).HiddenFrom(1, 12),
            Field("searchDomains", ListOf(Str)).HiddenFrom(1, 12),
            Field("extraHostEntries", ListOf(ExtraHost)).HiddenFrom(1, 12),
            Field("kubespan", NetworkKubeSpan),
            Field("disableSearchDomain", Bool).HiddenFrom(1, 12));

        public static ObjectShape NetworkDeviceSelector => Obj(
            Field("busPath", Str),
            Field("hardwareAddr", Str),
            Field("permanentAddr", Str),
            Field("pciID", Str),
            Field("driver", Str),
            Field("physical", Bool));

        public static ObjectShape NetworkKubeSpan => Obj(
            Field("enabled", Bool),
            Field("advertiseKubernetesNetworks", Bool),
            Field("allowDownPeerBypass", Bool),
            Field("harvestExtraEndpoints", Bool),
            Field("mtu", Int),
            Field("filters", KubeSpanFilters));

        public static ObjectShape ProxyConfig => Obj(
            Field("disabled", Bool),
            Field("image", Str),
            Field("mode", Str),
            Field("extraArgs", MapOf(ArgValue)));

        public static ObjectShape RegistriesConfig => Obj(
            Field("mirrors", MapOf(RegistryMirrorConfig)),
            Field("config", MapOf(RegistryConfig)));

        public static ObjectShape RegistryAuthConfig => Obj(
            Field("username", Str),
            Field("password", Str),
            Field("auth", Str),
            Field("identityToken", Str));

        public static ObjectShape RegistryConfig => Obj(
            Field("tls", RegistryTLSConfig),
            Field("auth", RegistryAuthConfig));

        public static ObjectShape RegistryKubernetesConfig => Obj(
            Field("disabled", Bool));

        public static ObjectShape RegistryMirrorConfig => Obj(
            Field("endpoints", ListOf(Str)),
            Field("overridePath", Bool),
            Field("skipFallback", Bool));

        public static ObjectShape RegistryServiceConfig => Obj(
            Field("disabled", Bool),
            Field("endpoint", Str));

        public static ObjectShape RegistryTLSConfig => Obj(
            Field("clientIdentity", Obj(Field("crt", Str), Field("key", Str))),
            Field("ca", Str),
            Field("insecureSkipVerify", Bool));

        public static ObjectShape ResourcesConfig => Obj(
            Field("requests", FreeForm),
            Field("limits", FreeForm));

        public static ObjectShape Route => Obj(
            Field("network", Str),
            Field("gateway", Str),
            Field("source", Str),
            Field("metric", Int),
            Field("mtu", Int));

        public static ObjectShape STP => Obj(
            Field("enabled", Bool));

        public static ObjectShape SchedulerConfig => Obj(
            Field("image", Str),
            Field("extraArgs", MapOf(ArgValue)),
            Field("extraVolumes", ListOf(VolumeMountConfig)),
            Field("env", MapOf(Str)),
            Field("resources", FreeForm),
            Field("config", FreeForm));

        public static ObjectShape TimeConfig => Obj(
            Field("disabled", Bool),
            Field("servers", ListOf(Str)),
            Field("bootTimeout", Str));

        public static ObjectShape UdevConfig => Obj(
            Field("rules", ListOf(Str)));

        public static ObjectShape VIPEquinixMetalConfig => Obj(
            Field("apiToken", Str));

        public static ObjectShape VIPHCloudConfig => Obj(
            Field("apiToken", Str));

        public static ObjectShape Vlan => Obj(
            Field("addresses", ListOf(Str)),
            Field("routes", ListOf(Route)),
            Field("dhcp", Bool),
            Field("vlanId", Int),
            Field("mtu", Int),
            Field("vip", DeviceVIPConfig),
            Field("dhcpOptions", DHCPOptions));

        public static ObjectShape VolumeMountConfig => Obj(
            Field("hostPath", Str),
            Field("mountPath", Str),
            Field("readonly", Bool));
    }
}
