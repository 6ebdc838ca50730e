using Talguard.Findings;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using static Talguard.Hardening.KubernetesObjects;

namespace Talguard.Hardening.Network;

/// <summary>
/// <c>manifests/network-policies.yaml</c>: default-deny with DNS allowed, and pods kept off etcd. With Cilium, cluster-wide
/// Cilium policies (the guide's three, fixed) for every namespace but the exempt ones; with another CNI, Kubernetes
/// NetworkPolicies for <c>default</c>, the one application namespace every cluster has (copy them into each namespace you add).
/// </summary>
internal sealed class NetworkPolicyManifestGenerator : IHardeningGenerator
{
    public const string FileName = "network-policies.yaml";

    private const string CiliumApi = "cilium.io/v2";
    private const string ClusterwidePolicy = "CiliumClusterwideNetworkPolicy";
    private const string NamespaceLabel = "io.kubernetes.pod.namespace";

    public Section Section => Section.Network;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        if (profile.Cni == CniChoice.Cilium)
        {
            var unselected = profile.PodSecurity.ExemptNamespaces.Append("kube-system").Distinct().Order(StringComparer.Ordinal).ToList();
            plan.AddManifest(Section, FileName, CiliumDefaultDeny(unselected));
            plan.AddManifest(Section, FileName, CiliumEtcdDeny());
            plan.AddNote(Section,
                "`manifests/network-policies.yaml` holds Cilium cluster-wide policies (Cilium 1.15 or later, for `enableDefaultDeny`): "
                + $"pods in every namespace except {string.Join(", ", unselected.Select(n => $"`{n}`"))} may only resolve DNS until you "
                + "add policies that allow their traffic, and no pod may reach etcd (2379-2380). Apply it after Cilium is running, "
                + "and add allow policies for your workloads (and for Prometheus and Falco if you run them) in the same change.");
            return;
        }

        plan.AddManifest(Section, FileName, DefaultDeny("default"));
        plan.AddManifest(Section, FileName, AllowDns("default"));
        plan.AddNote(Section, profile.Cni switch
        {
            CniChoice.Flannel => "`manifests/network-policies.yaml` holds Kubernetes NetworkPolicies, but Flannel does not enforce "
                + "NetworkPolicy: the API server stores them and nothing applies them. Add an enforcing policy engine (Calico in "
                + "policy-only mode, for example) or choose Cilium or Calico as the CNI.",
            CniChoice.Calico => "`manifests/network-policies.yaml` holds Kubernetes NetworkPolicies (Calico enforces them) for the "
                + "`default` namespace: default-deny ingress and egress, DNS to kube-dns allowed. Copy both into every namespace you add.",
            _ => "`manifests/network-policies.yaml` holds Kubernetes NetworkPolicies for the `default` namespace (default-deny, DNS "
                + "allowed); they take effect only if the CNI you install enforces NetworkPolicy. Copy both into every namespace you add.",
        });
    }

    /// <summary>
    /// The guide's "default-deny-ingress" allowed ingress from the <c>cluster</c> entity (every pod and node), so it denied almost
    /// nothing, and its empty <c>endpointSelector</c> also caught kube-system. This one denies both directions and allows DNS.
    /// </summary>
    private static ConfigMapping CiliumDefaultDeny(IReadOnlyList<string> unselected)
    {
        var policy = Object(CiliumApi, ClusterwidePolicy, "talguard-default-deny");
        policy["spec"] = ConfigMapping.Of(
            ("description", Text("Default-deny ingress and egress for application namespaces; DNS to kube-dns allowed.")),
            ("endpointSelector", ConfigMapping.Of(("matchExpressions", List(ConfigMapping.Of(
                ("key", Text(NamespaceLabel)),
                ("operator", Text("NotIn")),
                ("values", Texts(unselected))))))),
            ("enableDefaultDeny", ConfigMapping.Of(("ingress", ConfigScalar.Of(true)), ("egress", ConfigScalar.Of(true)))),
            ("egress", List(ConfigMapping.Of(
                ("toEndpoints", List(ConfigMapping.Of(("matchLabels", Labels((NamespaceLabel, "kube-system"), ("k8s-app", "kube-dns")))))),
                ("toPorts", List(ConfigMapping.Of(("ports", DnsPorts(quoted: true)))))))));
        return Commented(
            "Fixes the guide's default-deny-ingress: it allowed ingress from the cluster entity (every pod and node), so it\n"
            + "denied almost nothing, and its empty endpointSelector also selected kube-system. Its allow-dns covered only default.",
            policy);
    }

    /// <summary>
    /// Talos runs etcd as a host service, not a pod, and kube-apiserver as a host-network static pod: the guide's
    /// <c>component: etcd</c> and <c>component: kube-apiserver</c> selectors match no endpoint. Deny pods' egress to the nodes' etcd ports instead.
    /// </summary>
    private static ConfigMapping CiliumEtcdDeny()
    {
        var policy = Object(CiliumApi, ClusterwidePolicy, "talguard-deny-pod-to-etcd");
        policy["spec"] = ConfigMapping.Of(
            ("description", Text("No pod may reach etcd's client or peer port on any node.")),
            ("endpointSelector", new ConfigMapping()),
            ("enableDefaultDeny", ConfigMapping.Of(("ingress", ConfigScalar.Of(false)), ("egress", ConfigScalar.Of(false)))),
            ("egressDeny", List(ConfigMapping.Of(
                ("toEntities", Texts("host", "remote-node", "kube-apiserver")),
                ("toPorts", List(ConfigMapping.Of(("ports", List(
                    ConfigMapping.Of(("port", ConfigScalar.Quoted("2379")), ("protocol", Text("TCP"))),
                    ConfigMapping.Of(("port", ConfigScalar.Quoted("2380")), ("protocol", Text("TCP"))))))))))));
        return Commented(
            "Replaces the guide's restrict-etcd-access: Talos runs etcd as a host service and kube-apiserver as a host-network\n"
            + "static pod, so its component: etcd and component: kube-apiserver selectors match nothing (and it named only 2379).\n"
            + "Which nodes reach etcd is the Talos ingress firewall's job (control-plane IPs only); this keeps pods off it.",
            policy);
    }

    private static ConfigMapping DefaultDeny(string @namespace)
    {
        var policy = Object("networking.k8s.io/v1", "NetworkPolicy", "default-deny-all", @namespace);
        policy["spec"] = ConfigMapping.Of(
            ("podSelector", new ConfigMapping()),
            ("policyTypes", Texts("Ingress", "Egress")));
        return policy;
    }

    private static ConfigMapping AllowDns(string @namespace)
    {
        var policy = Object("networking.k8s.io/v1", "NetworkPolicy", "allow-dns-egress", @namespace);
        policy["spec"] = ConfigMapping.Of(
            ("podSelector", new ConfigMapping()),
            ("policyTypes", Texts("Egress")),
            ("egress", List(ConfigMapping.Of(
                ("to", List(ConfigMapping.Of(
                    ("namespaceSelector", ConfigMapping.Of(("matchLabels", Labels(("kubernetes.io/metadata.name", "kube-system"))))),
                    ("podSelector", ConfigMapping.Of(("matchLabels", Labels(("k8s-app", "kube-dns")))))))),
                ("ports", DnsPorts(quoted: false))))));
        return policy;
    }

    /// <summary>UDP and TCP 53: Cilium's <c>port</c> is a string, a NetworkPolicy's an integer.</summary>
    private static ConfigSequence DnsPorts(bool quoted) => List(
        ConfigMapping.Of(("port", quoted ? ConfigScalar.Quoted("53") : ConfigScalar.Of(53)), ("protocol", Text("UDP"))),
        ConfigMapping.Of(("port", quoted ? ConfigScalar.Quoted("53") : ConfigScalar.Of(53)), ("protocol", Text("TCP"))));
}
