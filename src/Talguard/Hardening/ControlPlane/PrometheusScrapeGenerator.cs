using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Talguard.Findings;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using static Talguard.Hardening.KubernetesObjects;

namespace Talguard.Hardening.ControlPlane;

/// <summary>
/// The guide's Monitoring section (filed under the control plane, whose metrics it scrapes; Talguard has no monitoring section):
/// <c>manifests/prometheus-scrape.yaml</c>, a Secret with Prometheus scrape jobs for etcd and the kubelets in the format of
/// the Prometheus Operator's <c>additionalScrapeConfigs</c> (the same jobs paste into a plain <c>prometheus.yml</c>). A
/// ScrapeConfig resource is not used: it can only take the kubelet's bearer token from a Secret, which would mean a long-lived
/// token, while these jobs use the Prometheus pod's own projected service-account token. The control-plane patch makes etcd
/// serve metrics on 2381, reachable only from the pod and cluster networks.
/// </summary>
internal sealed class PrometheusScrapeGenerator : IHardeningGenerator
{
    public const string FileName = "prometheus-scrape.yaml";

    public const string SecretName = "talguard-scrape-configs";

    public const string ScrapeConfigsKey = "talguard-scrape-configs.yaml";

    public const string MonitoringNamespace = "monitoring";

    public const int EtcdMetricsPort = 2381;

    private const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount/";

    public Section Section => Section.ControlPlane;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        plan.AddPatch(Section, PatchTargets.ControlPlane, EtcdMetricsListener());
        plan.AddPatch(Section, PatchTargets.ControlPlane, EtcdMetricsFirewallRule(profile.Network));

        var jobs = List(EtcdJob(profile.ControlPlaneNodes), KubeletJob("kubelet", "/metrics"), KubeletJob("kubelet-cadvisor", "/metrics/cadvisor"));
        var secret = Commented(
            "Prometheus scrape jobs for etcd and the kubelets. With the Prometheus Operator set the Prometheus resource's\n"
            + $"spec.additionalScrapeConfigs to name: {SecretName}, key: {ScrapeConfigsKey} (kube-prometheus-stack:\n"
            + "prometheus.prometheusSpec.additionalScrapeConfigsSecret); with plain Prometheus paste the jobs under scrape_configs.\n"
            + "It holds no secret: the kubelet jobs read the Prometheus pod's own service-account token.",
            Object("v1", "Secret", SecretName, MonitoringNamespace));
        secret["type"] = Text("Opaque");
        secret["stringData"] = ConfigMapping.Of((ScrapeConfigsKey, ConfigScalar.Literal(ConfigYamlWriter.Write(jobs))));
        plan.AddManifest(Section, FileName, secret);
        plan.AddNote(Section,
            $"`manifests/prometheus-scrape.yaml` is a Secret in the `{MonitoringNamespace}` namespace with scrape jobs for etcd "
            + $"({EtcdMetricsPort}, which the control-plane patch opens to the pod and cluster networks only) and the kubelets "
            + "(10250, `/metrics` and `/metrics/cadvisor`). Prometheus's service account needs `get` on `nodes/metrics` and "
            + "`list`/`watch` on `nodes`. Talos kubelets serve a self-signed certificate, so the kubelet jobs verify against the "
            + "cluster CA only after you set `machine.kubelet.extraArgs.rotate-server-certificates: true` and run a CSR approver "
            + "for kubelet serving certificates; do not fall back to `insecure_skip_verify`.");
    }

    /// <summary>
    /// Talos's etcd serves metrics only on its client port, which wants a client certificate; plain-HTTP metrics on 2381 on
    /// every interface, because one control-plane patch cannot name each node's address (the firewall rule below limits it).
    /// </summary>
    private static ConfigMapping EtcdMetricsListener() => ConfigMapping.Of(("cluster", ConfigMapping.Of(("etcd", ConfigMapping.Of(
        ("extraArgs", ConfigMapping.Of(("listen-metrics-urls", Commented(
            "Plain-HTTP etcd metrics for Prometheus; the NetworkRuleConfig etcd-metrics limits who reaches the port.",
            ConfigScalar.String($"http://0.0.0.0:{EtcdMetricsPort.ToString(CultureInfo.InvariantCulture)}"))))))))));

    /// <summary>2381 from the pod network (Prometheus as a pod) and the cluster network (host-network scrapers), nothing else.</summary>
    private static ConfigMapping EtcdMetricsFirewallRule(NetworkProfile network) => ConfigMapping.Of(
        ("apiVersion", Text("v1alpha1")),
        ("kind", Text("NetworkRuleConfig")),
        ("name", Text("etcd-metrics")),
        ("portSelector", ConfigMapping.Of(
            ("ports", List(ConfigScalar.Of(EtcdMetricsPort))),
            ("protocol", Text("tcp")))),
        ("ingress", List(new[] { network.PodCidr, network.ClusterCidr }.Distinct(StringComparer.Ordinal)
            .Select(subnet => ConfigMapping.Of(("subnet", Text(subnet)))))));

    /// <summary>The guide's etcd job scraped 2381, which Talos's etcd does not serve until the patch above.</summary>
    private static ConfigMapping EtcdJob(IReadOnlyList<string> controlPlaneNodes) => ConfigMapping.Of(
        ("job_name", Text("etcd")),
        ("scheme", Text("http")),
        ("static_configs", List(ConfigMapping.Of(("targets", Texts(controlPlaneNodes.Select(Target)))))));

    /// <summary>
    /// The kubelet's authenticated port with the pod's own token. <c>authorization.credentials_file</c> is the current spelling
    /// of the guide's <c>bearer_token_file</c>.
    /// </summary>
    private static ConfigMapping KubeletJob(string name, string path) => ConfigMapping.Of(
        ("job_name", Text(name)),
        ("scheme", Text("https")),
        ("metrics_path", Text(path)),
        ("kubernetes_sd_configs", List(ConfigMapping.Of(("role", Text("node"))))),
        ("tls_config", ConfigMapping.Of(("ca_file", Text(ServiceAccountDirectory + "ca.crt")))),
        ("authorization", ConfigMapping.Of(("credentials_file", Text(ServiceAccountDirectory + "token")))),
        ("relabel_configs", List(ConfigMapping.Of(
            ("action", Text("labelmap")),
            ("regex", Text("__meta_kubernetes_node_label_(.+)"))))));

    private static string Target(string address) =>
        (IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address)
        + ":" + EtcdMetricsPort.ToString(CultureInfo.InvariantCulture);
}
