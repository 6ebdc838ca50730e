using Talguard.Model.Talos.Patching;

namespace Talguard.Model.Talos;

/// <summary>What a generated machine config is built from: the inputs of Talos's <c>generate.NewInput</c> and options.</summary>
internal sealed record GeneratedConfigInput
{
    /// <summary>The release whose version contract shapes the output.</summary>
    public required TalosVersion Talos { get; init; }

    public required bool ControlPlane { get; init; }

    public required string ClusterName { get; init; }

    public required string Endpoint { get; init; }

    /// <summary>The Kubernetes release as written by the user (<c>v1.34.1</c>, <c>1.34.1</c>, or a <c>${VAR}</c> placeholder).</summary>
    public required string KubernetesVersion { get; init; }

    public required string InstallImage { get; init; }

    public string DnsDomain { get; init; } = "cluster.local";

    /// <summary>Pod networks; empty: Talos's default for the endpoint's address family.</summary>
    public IReadOnlyList<string> PodSubnets { get; init; } = [];

    public IReadOnlyList<string> ServiceSubnets { get; init; } = [];

    public IReadOnlyList<string> ApiServerCertSans { get; init; } = [];

    public IReadOnlyList<string> MachineCertSans { get; init; } = [];

    public bool AllowSchedulingOnControlPlanes { get; init; }

    /// <summary>Where every generated node is placed in reports (a node's entry in the file that asked for the config).</summary>
    public NodeOrigin? Origin { get; init; }
}

/// <summary>
/// The documents <c>talosctl gen config</c> (Talos's <c>pkg/machinery/config/generate</c>) writes for a control-plane or
/// worker node of a release, following its version contract (<c>pkg/machinery/config/contract.go</c>): which defaults
/// are written into the config (Pod Security admission, audit policy, secretbox encryption, kubelet seccomp, ...).
/// Secrets and certificates come from a secrets bundle the scanner never sees, so they are written as a marker, never a
/// value. v1.14 targets get the v1alpha1 layout (which v1.14 still accepts) plus the v1.14 defaults that change the
/// node's security (workload isolation, a secure EPHEMERAL mount).
/// </summary>
internal static class GeneratedConfig
{
    /// <summary>Stands in for a value taken from the secrets bundle (talsecret.yaml, <c>talosctl gen secrets</c>).</summary>
    public const string SecretMarker = "(from the secrets bundle)";

    public static List<ConfigMapping> Documents(GeneratedConfigInput input)
    {
        var build = new Builder(input.Origin);
        var contract = input.Talos;
        var machine = build.Map();
        machine["type"] = build.Text(input.ControlPlane ? "controlplane" : "worker");
        machine["token"] = build.Text(SecretMarker);
        machine["ca"] = input.ControlPlane
            ? build.Map(("crt", build.Text(SecretMarker)), ("key", build.Text(SecretMarker)))
            : build.Map(("crt", build.Text(SecretMarker)));
        machine["certSANs"] = build.List(input.MachineCertSans);
        var kubelet = build.Map(("image", build.Text("ghcr.io/siderolabs/kubelet:" + VersionTag(input.KubernetesVersion))));
        if (After(contract, 1, 1))
        {
            kubelet["defaultRuntimeSeccompProfileEnabled"] = build.Flag(true);
        }

        if (After(contract, 1, 2))
        {
            kubelet["disableManifestsDirectory"] = build.Flag(true);
        }

        machine["kubelet"] = kubelet;
        if (!After(contract, 1, 12))
        {
            machine["network"] = build.Map();
        }

        machine["install"] = InstallSection(build, input);
        if (!After(contract, 1, 11))
        {
            machine["registries"] = build.Map(("mirrors", build.Map()), ("config", build.Map()));
        }

        machine["features"] = Features(build, contract);
        if (input.ControlPlane && After(contract, 1, 7))
        {
            machine["nodeLabels"] = build.Map(("node.kubernetes.io/exclude-from-external-load-balancers", build.Text(string.Empty)));
        }

        var root = build.Map(("version", build.Text("v1alpha1")), ("debug", build.Flag(false)), ("persist", build.Flag(true)));
        root["machine"] = machine;
        root["cluster"] = input.ControlPlane ? ControlPlaneCluster(build, input) : WorkerCluster(build, input);

        List<ConfigMapping> documents = [root];
        if (After(contract, 1, 11))
        {
            documents.Add(build.Map(("apiVersion", build.Text("v1alpha1")), ("kind", build.Text("HostnameConfig")), ("auto", build.Text("stable"))));
        }

        if (After(contract, 1, 13))
        {
            documents.Add(build.Map(
                ("apiVersion", build.Text("v1alpha1")), ("kind", build.Text("VolumeConfig")), ("name", build.Text("EPHEMERAL")),
                ("mount", build.Map(("secure", build.Flag(true))))));
            documents.Add(build.Map(
                ("apiVersion", build.Text("v1alpha1")), ("kind", build.Text("SecurityProfileConfig")), ("workloadIsolation", build.Flag(true))));
        }

        return documents;
    }

    /// <summary>Whether the release is later than <paramref name="major"/>.<paramref name="minor"/>, as the contract's <c>Greater</c> asks.</summary>
    private static bool After(TalosVersion version, int major, int minor) => version > new TalosVersion(major, minor);

    private static ConfigMapping InstallSection(Builder build, GeneratedConfigInput input)
    {
        var install = build.Map(("disk", build.Text(string.Empty)), ("image", build.Text(input.InstallImage)), ("wipe", build.Flag(false)));
        if (After(input.Talos, 1, 11))
        {
            install["grubUseUKICmdline"] = build.Flag(true);
        }

        return install;
    }

    private static ConfigMapping Features(Builder build, TalosVersion contract)
    {
        var features = build.Map();
        if (!After(contract, 1, 11))
        {
            features["rbac"] = build.Flag(true);
            if (After(contract, 1, 1))
            {
                features["stableHostname"] = build.Flag(true);
            }

            if (After(contract, 1, 2))
            {
                features["apidCheckExtKeyUsage"] = build.Flag(true);
            }
        }

        if (After(contract, 1, 4))
        {
            features["diskQuotaSupport"] = build.Flag(true);
        }

        if (After(contract, 1, 5))
        {
            features["kubePrism"] = build.Map(("enabled", build.Flag(true)), ("port", build.Number(7445)));
        }

        if (After(contract, 1, 6))
        {
            var hostDns = build.Map(("enabled", build.Flag(true)));
            if (After(contract, 1, 7))
            {
                hostDns["forwardKubeDNSToHost"] = build.Flag(true);
            }

            features["hostDNS"] = hostDns;
        }

        return features;
    }

    private static ConfigMapping ControlPlaneCluster(Builder build, GeneratedConfigInput input)
    {
        var contract = input.Talos;
        var cluster = build.Map(("id", build.Text(SecretMarker)), ("secret", build.Text(SecretMarker)));
        cluster["controlPlane"] = build.Map(("endpoint", build.Text(input.Endpoint)));
        cluster["clusterName"] = build.Text(input.ClusterName);
        cluster["network"] = Network(build, input);
        cluster["token"] = build.Text(SecretMarker);
        cluster[After(contract, 1, 2) ? "secretboxEncryptionSecret" : "aescbcEncryptionSecret"] = build.Text(SecretMarker);
        cluster["ca"] = build.Map(("crt", build.Text(SecretMarker)), ("key", build.Text(SecretMarker)));
        cluster["aggregatorCA"] = build.Map(("crt", build.Text(SecretMarker)), ("key", build.Text(SecretMarker)));
        cluster["serviceAccount"] = build.Map(("key", build.Text(SecretMarker)));
        var apiServer = build.Map(("image", build.Text("registry.k8s.io/kube-apiserver:" + VersionTag(input.KubernetesVersion))));
        List<string> sans = [.. !After(contract, 1, 11) && HostOf(input.Endpoint) is { } host ? [host] : Array.Empty<string>(), .. input.ApiServerCertSans];
        apiServer["certSANs"] = build.List(sans);
        if (!After(contract, 1, 11))
        {
            apiServer["disablePodSecurityPolicy"] = build.Flag(true);
        }

        if (After(contract, 1, 0))
        {
            apiServer["admissionControl"] = build.Sequence(build.Map(("name", build.Text("PodSecurity")), ("configuration", PodSecurityDefaults(build))));
        }

        if (After(contract, 1, 2))
        {
            apiServer["auditPolicy"] = build.Map(
                ("apiVersion", build.Text("audit.k8s.io/v1")), ("kind", build.Text("Policy")),
                ("rules", build.Sequence(build.Map(("level", build.Text("Metadata"))))));
        }

        cluster["apiServer"] = apiServer;
        cluster["controllerManager"] = build.Map(("image", build.Text("registry.k8s.io/kube-controller-manager:" + VersionTag(input.KubernetesVersion))));
        cluster["proxy"] = build.Map(("image", build.Text("registry.k8s.io/kube-proxy:" + VersionTag(input.KubernetesVersion))));
        cluster["scheduler"] = build.Map(("image", build.Text("registry.k8s.io/kube-scheduler:" + VersionTag(input.KubernetesVersion))));
        cluster["discovery"] = Discovery(build, contract);
        cluster["etcd"] = build.Map(("ca", build.Map(("crt", build.Text(SecretMarker)), ("key", build.Text(SecretMarker)))));
        cluster["extraManifests"] = build.List([]);
        cluster["inlineManifests"] = build.List([]);
        if (input.AllowSchedulingOnControlPlanes)
        {
            cluster[After(contract, 1, 1) ? "allowSchedulingOnControlPlanes" : "allowSchedulingOnMasters"] = build.Flag(true);
        }

        return cluster;
    }

    private static ConfigMapping WorkerCluster(Builder build, GeneratedConfigInput input)
    {
        var cluster = build.Map(("id", build.Text(SecretMarker)), ("secret", build.Text(SecretMarker)));
        cluster["controlPlane"] = build.Map(("endpoint", build.Text(input.Endpoint)));
        if (After(input.Talos, 1, 7))
        {
            cluster["clusterName"] = build.Text(input.ClusterName);
        }

        cluster["network"] = Network(build, input);
        cluster["token"] = build.Text(SecretMarker);
        cluster["ca"] = build.Map(("crt", build.Text(SecretMarker)));
        cluster["discovery"] = Discovery(build, input.Talos);
        return cluster;
    }

    private static ConfigMapping Network(Builder build, GeneratedConfigInput input)
    {
        var ipv6 = System.Net.IPAddress.TryParse(input.Endpoint, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        IReadOnlyList<string> pods = input.PodSubnets.Count > 0 ? input.PodSubnets : [ipv6 ? "fc00:db8:10::/56" : "10.244.0.0/16"];
        IReadOnlyList<string> services = input.ServiceSubnets.Count > 0 ? input.ServiceSubnets : [ipv6 ? "fc00:db8:20::/112" : "10.96.0.0/12"];
        return build.Map(("dnsDomain", build.Text(input.DnsDomain)), ("podSubnets", build.List(pods)), ("serviceSubnets", build.List(services)));
    }

    private static ConfigMapping Discovery(Builder build, TalosVersion contract)
    {
        var discovery = build.Map(("enabled", build.Flag(true)));
        if (After(contract, 1, 1))
        {
            discovery["registries"] = build.Map(("kubernetes", build.Map(("disabled", build.Flag(true)))), ("service", build.Map()));
        }

        return discovery;
    }

    private static ConfigMapping PodSecurityDefaults(Builder build) => build.Map(
        ("apiVersion", build.Text("pod-security.admission.config.k8s.io/v1alpha1")),
        ("kind", build.Text("PodSecurityConfiguration")),
        ("defaults", build.Map(
            ("enforce", build.Text("baseline")), ("enforce-version", build.Text("latest")),
            ("audit", build.Text("restricted")), ("audit-version", build.Text("latest")),
            ("warn", build.Text("restricted")), ("warn-version", build.Text("latest")))),
        ("exemptions", build.Map(
            ("usernames", build.List([])), ("runtimeClasses", build.List([])), ("namespaces", build.List(["kube-system"])))));

    /// <summary>Talos writes <c>image:v&lt;version&gt;</c>; a version written with its v (or a placeholder) is kept as written.</summary>
    private static string VersionTag(string kubernetesVersion) =>
        kubernetesVersion.Length > 0 && char.IsAsciiDigit(kubernetesVersion[0]) ? "v" + kubernetesVersion : kubernetesVersion;

    private static string? HostOf(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Host.Trim('[', ']') : null;

    /// <summary>Builds nodes that all carry one origin, so every generated value points where the config was asked for.</summary>
    private sealed class Builder(NodeOrigin? origin)
    {
        public ConfigScalar Text(string text) => new(Patching.ScalarKind.String, text) { Origin = origin };

        public ConfigScalar Flag(bool value) => new(Patching.ScalarKind.Bool, value ? "true" : "false") { Origin = origin };

        public ConfigScalar Number(long value) => new(Patching.ScalarKind.Int, value.ToString(System.Globalization.CultureInfo.InvariantCulture)) { Origin = origin };

        public ConfigSequence List(IEnumerable<string> items) => new(items.Select(Text)) { Origin = origin };

        public ConfigSequence Sequence(params IEnumerable<ConfigNode> items) => new(items) { Origin = origin };

        public ConfigMapping Map(params ReadOnlySpan<(string Key, ConfigNode Value)> entries)
        {
            var mapping = new ConfigMapping { Origin = origin };
            foreach (var (key, value) in entries)
            {
                mapping[key] = value;
            }

            return mapping;
        }
    }
}
