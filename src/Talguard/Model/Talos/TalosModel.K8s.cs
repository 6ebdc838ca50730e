using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>k8s</c> config package.</summary>
    private static class K8s
    {
        public static ObjectShape AcceptedServiceAccountConfig => Obj(
            Field("publicKeys", ListOf(Str)),
            Field("issuers", ListOf(Str)),
            Field("audiences", ListOf(Str)));

        public static ObjectShape IssuerServiceAccountConfig => Obj(
            Field("privateKey", Str),
            Field("issuerURL", Str));

        /// <summary>The <c>KubeAPIServerCAConfig</c> document.</summary>
        public static ObjectShape KubeAPIServerCAConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("issuingCA", Obj(Field("cert", Str), Field("key", Str))),
            Field("acceptedCAs", ListOf(Str)));

        /// <summary>The <c>KubeAPIServerConfig</c> document.</summary>
        public static ObjectShape KubeAPIServerConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("image", Str),
            Field("extraArgs", MapOf(ArgValue)),
            Field("env", MapOf(Str)),
            Field("resources", FreeForm),
            Field("apiPort", Int),
            Field("certExtraSANs", ListOf(Str)),
            Field("startupProbes", Bool));

        /// <summary>The <c>KubeAdmissionControlConfig</c> document.</summary>
        public static ObjectShape KubeAdmissionControlConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("configuration", FreeForm));

        /// <summary>The <c>KubeAggregatorCAConfig</c> document.</summary>
        public static ObjectShape KubeAggregatorCAConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("issuingCA", Obj(Field("cert", Str), Field("key", Str))),
            Field("acceptedCAs", ListOf(Str)));

        /// <summary>The <c>KubeAuditPolicyConfig</c> document.</summary>
        public static ObjectShape KubeAuditPolicyConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("configuration", FreeForm));

        /// <summary>The <c>KubeAuthenticationConfig</c> document.</summary>
        public static ObjectShape KubeAuthenticationConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("configuration", FreeForm));

        /// <summary>The <c>KubeAuthorizerConfig</c> document.</summary>
        public static ObjectShape KubeAuthorizerConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("type", Str),
            Field("webhook", FreeForm));

        /// <summary>The <c>KubeClusterConfig</c> document.</summary>
        public static ObjectShape KubeClusterConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("clusterName", Str),
            Field("endpoint", Str));

        /// <summary>The <c>KubeControllerManagerConfig</c> document.</summary>
        public static ObjectShape KubeControllerManagerConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("enabled", Bool),
            Field("image", Str),
            Field("extraArgs", MapOf(ArgValue)),
            Field("env", MapOf(Str)),
            Field("resources", FreeForm));

        /// <summary>The <c>KubeCoreDNSConfig</c> document.</summary>
        public static ObjectShape KubeCoreDNSConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("enabled", Bool),
            Field("image", Str));

        /// <summary>The <c>KubeCredentialProviderConfig</c> document.</summary>
        public static ObjectShape KubeCredentialProviderConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("configuration", FreeForm));

        /// <summary>The <c>KubeEtcdEncryptionConfig</c> document.</summary>
        public static ObjectShape KubeEtcdEncryptionConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("config", FreeForm));

        /// <summary>The <c>KubeExternalManifestConfig</c> document.</summary>
        public static ObjectShape KubeExternalManifestConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("headers", MapOf(Str)),
            Field("url", Str));

        /// <summary>The <c>KubeFlannelCNIConfig</c> document.</summary>
        public static ObjectShape KubeFlannelCNIConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("backendType", Str),
            Field("backendPort", Int),
            Field("backendMTU", Int),
            Field("backendExtraConfig", FreeForm),
            Field("resources", FreeForm),
            Field("extraArgs", ListOf(Str)),
            Field("kubeNetworkPoliciesEnabled", Bool));

        /// <summary>The <c>KubeInlineManifestConfig</c> document.</summary>
        public static ObjectShape KubeInlineManifestConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("manifest", Str));

        /// <summary>The <c>KubeNetworkConfig</c> document.</summary>
        public static ObjectShape KubeNetworkConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("dnsDomain", Str),
            Field("podSubnets", ListOf(Str)),
            Field("serviceSubnets", ListOf(Str)),
            Field("nodeCIDRMaskSizeIPv4", Int),
            Field("nodeCIDRMaskSizeIPv6", Int));

        /// <summary>The <c>KubeNodeConfig</c> document.</summary>
        public static ObjectShape KubeNodeConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("skipNodeRegistration", Bool),
            Field("registerWithFQDN", Bool),
            Field("nodeIP", NodeIPConfig),
            Field("labels", MapOf(Str)),
            Field("annotations", MapOf(Str)),
            Field("taints", MapOf(Str)));

        /// <summary>The <c>KubePrismConfig</c> document.</summary>
        public static ObjectShape KubePrismConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("port", Int),
            Field("tlsServerName", Str));

        /// <summary>The <c>KubeProxyConfig</c> document.</summary>
        public static ObjectShape KubeProxyConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("enabled", Bool),
            Field("image", Str),
            Field("mode", Str),
            Field("config", FreeForm),
            Field("extraArgs", MapOf(ArgValue)),
            Field("resources", FreeForm));

        /// <summary>The <c>KubeSchedulerConfig</c> document.</summary>
        public static ObjectShape KubeSchedulerConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("enabled", Bool),
            Field("image", Str),
            Field("config", FreeForm),
            Field("extraArgs", MapOf(ArgValue)),
            Field("env", MapOf(Str)),
            Field("resources", FreeForm));

        /// <summary>The <c>KubeServiceAccountConfig</c> document.</summary>
        public static ObjectShape KubeServiceAccountConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("issuer", IssuerServiceAccountConfig),
            Field("accepted", AcceptedServiceAccountConfig));

        /// <summary>The <c>KubeStaticPodConfig</c> document.</summary>
        public static ObjectShape KubeStaticPodConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("pod", FreeForm));

        /// <summary>The <c>KubeTalosAPIAccessConfig</c> document.</summary>
        public static ObjectShape KubeTalosAPIAccessConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("allowedRoles", ListOf(Str)),
            Field("allowedKubernetesNamespaces", ListOf(Str)));

        /// <summary>The <c>KubeletConfig</c> document.</summary>
        public static ObjectShape KubeletConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("image", Str),
            Field("config", FreeForm),
            Field("extraArgs", MapOf(ArgValue)),
            Field("clusterDNS", ListOf(Str)),
            Field("defaultRuntimeSeccompProfileEnabled", Bool));

        public static ObjectShape NodeIPConfig => Obj(
            Field("validSubnets", ListOf(Str)));
    }
}
