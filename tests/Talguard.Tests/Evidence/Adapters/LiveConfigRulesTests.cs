using System.Runtime.CompilerServices;
using System.Text.Json;
using Talguard.Evidence;
using Talguard.Evidence.Adapters;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Evidence.Adapters;

/// <summary>
/// The existing scan rules on evidence: static pods, kubelet spec and audit policy judged by the K8S and AUD rules, and
/// every scan rule on an admin bundle's machine config, each finding at the bundle file, line and JSON path of the value.
/// The bundles under <c>Bundles/</c> are talosctl's <c>-o json</c> framing of v1.11, v1.12 and v1.13 nodes (shapes from
/// shared/talos/LIVE-FACTS.md; flags and kubelet config as Talos renders them); no Talos node can run here.
/// </summary>
public class LiveConfigRulesTests
{
    private static readonly string Bundles = Path.Combine(ThisDirectory(), "Bundles");

    public static TheoryData<string, string, string> ComponentCases() => new()
    {
        { "v1.11-healthy", "10.5.0.2", string.Empty },
        { "v1.11-healthy", "10.5.0.3", string.Empty },
        { "v1.13-healthy-admin", "10.5.0.2", "TG-AUD-007 low auditpolicyconfig.json:18:17 spec.config.rules[0]" },
        {
            "v1.12-weak", "10.5.0.2",
            "TG-K8S-001 high staticpods.json:36:25 spec.spec.containers[0].command[4]\n"
            + "TG-K8S-002 medium staticpods.json:55:25 spec.spec.containers[0].command[23]\n"
            + "TG-K8S-011 medium staticpods.json:271:25 spec.spec.containers[0].command[3]"
        },
        {
            "v1.12-weak", "10.5.0.3",
            "TG-K8S-007 medium kubeletspec.json:121:19 spec.config\n"
            + "TG-K8S-006 high kubeletspec.json:170:29 spec.config.readOnlyPort"
        },
        {
            "v1.13-weak-admin", "10.5.0.2",
            "TG-AUD-001 high auditpolicyconfig.json:18:17 spec.config.rules[0]\n"
            + "TG-AUD-007 low auditpolicyconfig.json:18:17 spec.config.rules[0]\n"
            + "TG-AUD-007 low auditpolicyconfig.json:29:17 spec.config.rules[1]\n"
            + "TG-K8S-001 high staticpods.json:31:32 spec.spec.containers[0].command\n"
            + "TG-AUD-004 medium staticpods.json:37:25 spec.spec.containers[0].command[5]"
        },
    };

    [Theory]
    [MemberData(nameof(ComponentCases))]
    public void Components_are_judged_by_the_K8S_and_AUD_rules_at_their_place_in_the_bundle(string bundle, string address, string expected)
    {
        var findings = LiveConfigRules.JudgeComponents(Load(bundle, address), new ScanOptions());
        Assert.Equal(expected, string.Join("\n", findings.Select(Brief)));
        Assert.All(findings, f => Assert.StartsWith($"node {address}: ", f.Message, StringComparison.Ordinal));
        Assert.All(findings, f => Assert.Null(f.Patch));
    }

    [Fact]
    public void A_flag_the_static_pod_lacks_takes_the_components_own_default_and_says_so()
    {
        var finding = Assert.Single(LiveConfigRules.JudgeComponents(Load("v1.13-weak-admin", "10.5.0.2"), new ScanOptions()), f => f.RuleId == "TG-K8S-001");
        Assert.Equal("node 10.5.0.2: apiServer anonymous-auth is \"true\": unauthenticated requests are served as system:anonymous "
            + "(--anonymous-auth is not set in the kube-apiserver static pod, so kube-apiserver's own default applies)", finding.Message);
        Assert.Equal("StaticPods.kubernetes.talos.dev", finding.Location.Kind);
    }

    [Theory]
    [InlineData("v1.12-weak", "TG-K8S-001 high apiserverconfig.json:20:31 spec.extraArgs.anonymous-auth\nTG-K8S-002 medium apiserverconfig.json:21:26 spec.extraArgs.profiling")]
    [InlineData("v1.13-weak-admin", "TG-AUD-004 medium apiserverconfig.json:22:21 spec.extraArgs.audit-log-maxage.values[0]")]
    public void Without_the_static_pod_the_API_server_config_overrides_are_judged_as_a_patch(string bundle, string expected)
    {
        using var copy = new TestBundles.BundleCopy(Path.Combine(Bundles, bundle));
        File.Delete(Path.Combine(copy.Path, "talos", "staticpods.json"));
        var findings = LiveConfigRules.JudgeComponents(Load(copy.Path, "10.5.0.2"), new ScanOptions());
        Assert.Equal(expected, string.Join("\n", findings.Where(f => f.Location.File.EndsWith("apiserverconfig.json", StringComparison.Ordinal)).Select(Brief)));
    }

    [Fact]
    public void Talos_defaults_the_static_pod_shows_fire_nothing_on_any_release()
    {
        // Talos renders anonymous-auth=false, profiling=false, Node,RBAC (v1.11/v1.12) or an authorization config (v1.13),
        // the audit flags and the CIS cipher list (v1.12+); the kubelet config has seccompDefault and no read-only port.
        foreach (var (bundle, address) in new[] { ("v1.11-healthy", "10.5.0.2"), ("v1.11-healthy", "10.5.0.3") })
        {
            Assert.Empty(LiveConfigRules.JudgeComponents(Load(bundle, address), new ScanOptions()));
        }

        Assert.Equal(["TG-AUD-007"], LiveConfigRules.JudgeComponents(Load("v1.13-healthy-admin", "10.5.0.2"), new ScanOptions()).Select(f => f.RuleId));
    }

    [Fact]
    public void Every_scan_rule_judges_an_admin_bundles_machine_config_at_its_place_in_the_bundle()
    {
        var findings = JudgeMachineConfig("v1.13-weak-admin");
        Assert.Equal(
            "TG-K8S-008 medium machineconfig.json:13:895 spec: machine.sysctls[\"kernel.kptr_restrict\"]\n"
            + "TG-K8S-006 high machineconfig.json:13:1046 spec: machine.kubelet.extraConfig.readOnlyPort\n"
            + "TG-K8S-009 info machineconfig.json:13:1092 spec: machine.install.extraKernelArgs\n"
            + "TG-BOOT-001 high machineconfig.json:13:1137 spec: machine.install.image\n"
            + "TG-PSS-002 medium machineconfig.json:13:3832 spec: cluster.apiServer.admissionControl[0].configuration.defaults.enforce\n"
            + "TG-TPM-002 medium machineconfig.json:13:6750 spec (document 1): encryption.keys[0].tpm\n"
            + "TG-TPM-002 medium machineconfig.json:13:7011 spec (document 2): encryption.keys[0].tpm",
            string.Join("\n", findings.Select(Brief)));
        Assert.All(findings, f => Assert.Equal("MachineConfigs.config.talos.dev", f.Location.Kind));
        Assert.All(findings, f => Assert.StartsWith("node 10.5.0.2: ", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_machine_config_finding_points_at_the_value_inside_the_JSON_string()
    {
        var finding = Assert.Single(JudgeMachineConfig("v1.13-weak-admin"), f => f.RuleId == "TG-BOOT-001");
        var line = File.ReadAllLines(Path.Combine(Bundles, "v1.13-weak-admin", "talos", "machineconfig.json"))[finding.Location.Line - 1];
        Assert.StartsWith("ghcr.io/siderolabs/installer:v1.13.4\\n", line[(finding.Location.Column - 1)..], StringComparison.Ordinal);
    }

    [Fact]
    public void Redaction_markers_make_no_rule_misfire()
    {
        // The healthy bundle's machine config is the hardened example with every secret replaced by the marker, as
        // collection writes it: the rules must find on it exactly what they find on the original.
        var original = Scanner.Scan([InputLoader.Parse("controlplane.yaml", null, File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "examples", "hardened-cluster", "controlplane.yaml")))],
            new ScanOptions { Targets = new TargetOverrides(new TalosVersion(1, 13)) });
        Assert.Equal(original.Findings.Select(f => (f.RuleId, f.Location.Path)), JudgeMachineConfig("v1.13-healthy-admin").Select(f => (f.RuleId, f.Location.Path[6..])));
    }

    [Fact]
    public void A_secret_that_is_redacted_still_counts_as_present()
    {
        using var copy = new TestBundles.BundleCopy(Path.Combine(Bundles, "v1.13-healthy-admin"));
        copy.Edit("talos/machineconfig.json", text => text.Replace("type: controlplane", "type: worker", StringComparison.Ordinal));
        var findings = JudgeMachineConfig(copy.Path);
        Assert.Contains(findings, f => f.RuleId == "TG-CERT-001" && f.Location.Path == "spec: machine.ca.key");
    }

    [Fact]
    public void A_machine_config_withheld_at_collection_is_not_collected_not_judged()
    {
        using var copy = new TestBundles.BundleCopy(Path.Combine(Bundles, "v1.13-healthy-admin"));
        copy.Edit("talos/machineconfig.json", text => System.Text.RegularExpressions.Regex.Replace(text, "\"spec\": \".*\"", "\"spec\": \"TALGUARD-REDACTED\""));
        var bundle = EvidenceBundle.Load(copy.Path);
        var node = LiveNodeEvidenceReader.Read(bundle, bundle.Nodes[0], copy.Path, out var withheld);
        Assert.Null(node.MachineConfig);
        Assert.Equal(new NotCollectedEvidence("10.5.0.2", "machineconfig", "withheld at collection: its secrets could not be redacted with certainty, so no rule judged it"), withheld);
    }

    [Fact]
    public void Verify_reports_them_in_every_format_located_in_the_bundle()
    {
        var bundle = "tests/Talguard.Tests/Evidence/Adapters/Bundles/v1.12-weak";
        var outcome = Support.Cli.Run("verify", bundle, "--format", "json");
        Assert.Equal(1, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("ruleId").GetString()} {f.GetProperty("location").GetProperty("file").GetString()}:{f.GetProperty("location").GetProperty("line").GetInt32()}")
            .ToList();
        Assert.Equal(
        [
            $"TG-K8S-007 {bundle}/talos/kubeletspec.json:121",
            $"TG-K8S-006 {bundle}/talos/kubeletspec.json:170",
            $"TG-K8S-001 {bundle}/talos/staticpods.json:36",
            $"TG-K8S-002 {bundle}/talos/staticpods.json:55",
            $"TG-K8S-011 {bundle}/talos/staticpods.json:271",
        ], findings);
        foreach (var format in new[] { "sarif", "junit", "table" })
        {
            var other = Support.Cli.Run("verify", bundle, "--format", format);
            Assert.Equal(1, other.ExitCode);
            Assert.Contains("TG-K8S-011", other.Stdout, StringComparison.Ordinal);
        }
    }

    internal static LiveNodeEvidence Load(string bundle, string address)
    {
        var path = Path.IsPathRooted(bundle) ? bundle : Path.Combine(Bundles, bundle);
        var loaded = EvidenceBundle.Load(path);
        return LiveNodeEvidenceReader.Read(loaded, loaded.Nodes.Single(n => n.Address == address), path, out _);
    }

    private static List<Finding> JudgeMachineConfig(string bundle)
    {
        var node = Load(bundle, "10.5.0.2");
        var config = node.MachineConfig!;
        return [.. LiveConfigRules.JudgeMachineConfig(LiveConfigRules.LoadMachineConfig(config), node, new ScanOptions()).Select(f => LiveConfigRules.InBundle(f, config, node.Address))];
    }

    private static string Brief(Finding f) =>
        $"{f.RuleId} {f.Severity.ToString().ToLowerInvariant()} {Path.GetFileName(f.Location.File)}:{f.Location.Line}:{f.Location.Column} {f.Location.Path}";

    private static string ThisDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
