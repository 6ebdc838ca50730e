using NJsonSchema;
using Talguard.Findings;
using Talguard.Hardening;
using Talguard.Hardening.ControlPlane;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using Talguard.Services;
using Talguard.Tests.Model.Talos.Patching;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.ManifestTestKit;

namespace Talguard.Tests.Hardening.ControlPlane;

public class PrometheusScrapeGeneratorTests
{
    /// <summary>Stands for the Network generator's default action, which every hardened config carries.</summary>
    private const string BlockingFirewall = "apiVersion: v1alpha1\nkind: NetworkDefaultActionConfig\ningress: block\n";

    public static TheoryData<string, string> Versions => new()
    {
        { "v1.11.5", "config.schema.v1.11.json" },
        { "v1.12.4", "config.schema.v1.12.json" },
        { "v1.13.2", "config.schema.v1.13.json" },
        { "v1.14.0", "config.schema.v1.14.0-rc.1.json" },
    };

    [Fact]
    public void The_secret_holds_etcd_and_kubelet_jobs_in_prometheus_format()
    {
        var profile = Profile("cilium-three-nodes-monitoring-exempt");
        var secret = Assert.Single(Documents(Plan(profile, new PrometheusScrapeGenerator()), PrometheusScrapeGenerator.FileName));
        Assert.Equal("Secret", TextAt(secret, "kind"));
        Assert.Equal("monitoring", TextAt(secret, "metadata", "namespace"));
        var jobsText = TextAt(secret, "stringData", PrometheusScrapeGenerator.ScrapeConfigsKey)!;
        var jobs = (ConfigSequence)ConfigNode.FromYaml(Yaml.File("jobs.yaml", jobsText).Documents[0].Root!);
        Assert.Equal(["etcd", "kubelet", "kubelet-cadvisor"], jobs.Items.Select(j => TextAt(j, "job_name")));
        Assert.Equal(["10.0.1.10:2381", "10.0.1.11:2381", "[fd00::12]:2381"],
            ((ConfigSequence)((ConfigMapping)((ConfigSequence)((ConfigMapping)jobs.Items[0])["static_configs"]!).Items[0])["targets"]!).Items.Select(t => ((ConfigScalar)t).Text));
        Assert.Equal("/metrics", TextAt(jobs.Items[1], "metrics_path"));
        Assert.Equal("/metrics/cadvisor", TextAt(jobs.Items[2], "metrics_path"));
        Assert.All(jobs.Items.Skip(1), job =>
        {
            Assert.Equal("https", TextAt(job, "scheme"));
            Assert.Equal("node", TextAt(job, "kubernetes_sd_configs", "0", "role"));
            Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/token", TextAt(job, "authorization", "credentials_file"));
            Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt", TextAt(job, "tls_config", "ca_file"));
        });
        Assert.DoesNotContain("insecure_skip_verify", jobsText, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task The_control_plane_patch_validates_and_adds_no_finding(string release, string schemaName)
    {
        var profile = HardeningProfile.Default with { TalosRelease = release };
        var plan = Plan(profile, new PrometheusScrapeGenerator());
        Assert.All(plan.Patches, p => Assert.Equal(PatchTargets.ControlPlane, p.Targets));
        var patch = ConfigYamlWriter.Write([.. plan.Patches.Select(p => p.Document)]);
        var schema = await Schema(schemaName);
        var alone = TalosPatchApplier.Apply(TalosPatchApplier.Documents(Yaml.File("controlplane.yaml", "version: v1alpha1\n")), TalosPatchReader.Read("controlplane.patch.yaml", patch));
        Assert.Equal(2, alone.Count);
        foreach (var document in alone.Select(ConfigJson.Write))
        {
            var errors = schema.Validate(document);
            Assert.True(errors.Count == 0, $"{document}: {string.Join("; ", errors)}");
        }

        var merged = TalosPatchApplier.Apply(TalosPatchApplier.Documents(Yaml.File("controlplane.yaml", Base(release))), TalosPatchReader.Read("controlplane.patch.yaml", patch));
        var mergedText = ConfigYamlWriter.Write(merged) + "---\n" + BlockingFirewall;
        var before = RuleIds(Base(release) + "---\n" + BlockingFirewall);
        var added = RuleIds(mergedText).Except(before).ToList();
        Assert.True(added.Count == 0, string.Join(", ", added));
    }

    [Fact]
    public void Without_a_blocking_firewall_the_metrics_listener_is_reported()
    {
        var plan = Plan(HardeningProfile.Default, new PrometheusScrapeGenerator());
        var patch = ConfigYamlWriter.Write([.. plan.Patches.Select(p => p.Document)]);
        var merged = ConfigYamlWriter.Write(TalosPatchApplier.Apply(
            TalosPatchApplier.Documents(Yaml.File("controlplane.yaml", Base("v1.12.4"))), TalosPatchReader.Read("p.yaml", patch)));
        Assert.Contains("TG-K8S-011", RuleIds(merged));
        Assert.DoesNotContain("TG-K8S-011", RuleIds(merged + "---\n" + BlockingFirewall));
    }

    [Fact]
    public void The_firewall_rule_opens_2381_to_the_pod_and_cluster_networks_only()
    {
        var profile = Profile("cilium-three-nodes-monitoring-exempt");
        var rule = Plan(profile, new PrometheusScrapeGenerator()).Patches[1].Document;
        Assert.Equal("NetworkRuleConfig", TextAt(rule, "kind"));
        Assert.Equal("2381", TextAt(rule, "portSelector", "ports", "0"));
        Assert.Equal("tcp", TextAt(rule, "portSelector", "protocol"));
        Assert.Equal(["10.244.0.0/16", "10.0.1.0/24"], ((ConfigSequence)rule["ingress"]!).Items.Select(i => TextAt(i, "subnet")));
    }

    /// <summary>A control-plane config shaped like <c>talosctl gen config</c>'s, without its secrets.</summary>
    private static string Base(string release) => $"""
        version: v1alpha1
        debug: false
        persist: true
        machine:
          type: controlplane
          install:
            disk: /dev/sda
            image: ghcr.io/siderolabs/installer:{release}
            wipe: false
          features:
            rbac: true
            stableHostname: true
            apidCheckExtKeyUsage: true
            diskQuotaSupport: true
        cluster:
          clusterName: talos
          controlPlane:
            endpoint: https://10.5.0.2:6443
          network:
            dnsDomain: cluster.local
            podSubnets:
              - 10.244.0.0/16
            serviceSubnets:
              - 10.96.0.0/12

        """;

    private static HashSet<string> RuleIds(string config)
    {
        using var scratch = new ScratchDirectory();
        var path = Path.Combine(scratch.Path, "controlplane.yaml");
        File.WriteAllText(path, config);
        return [.. ScanService.Run(new ScanRequest { Paths = [path] }).Report.Findings.Where(f => f.Severity >= Severity.Low).Select(f => f.RuleId)];
    }

    private static Task<JsonSchema> Schema(string name) => TalosSchemas.Load(name, TestContext.Current.CancellationToken);
}
