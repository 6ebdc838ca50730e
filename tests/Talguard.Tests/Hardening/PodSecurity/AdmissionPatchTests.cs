using Talguard.Findings;
using Talguard.Hardening.PodSecurity;
using Talguard.Hardening.PodSecurity.Rules;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.PodSecurity;

/// <summary>The admission rules judge a bare strategic-merge patch and the v1.14 document as they judge a full config.</summary>
public class AdmissionPatchTests
{
    private const string PrivilegedPatch = """
        cluster:
          apiServer:
            admissionControl:
              - name: PodSecurity
                configuration:
                  apiVersion: pod-security.admission.config.k8s.io/v1
                  kind: PodSecurityConfiguration
                  defaults:
                    enforce: privileged
                  exemptions:
                    namespaces: [kube-system, monitoring]
        """;

    private const string SplitDocument = """
        apiVersion: v1alpha1
        kind: KubeAdmissionControlConfig
        name: PodSecurity
        configuration:
          apiVersion: pod-security.admission.config.k8s.io/v1
          kind: PodSecurityConfiguration
          defaults:
            audit: restricted
          exemptions:
            usernames: [ci-bot]
        """;

    [Fact]
    public void Pss002_fires_on_a_bare_patch_at_the_enforce_line_and_its_patch_fixes_it()
    {
        var finding = FindingAssert.Single(Yaml.Check(new DefaultEnforcePrivilegedRule(), ("patch.yaml", PrivilegedPatch)),
            "cluster.apiServer.admissionControl[0].configuration.defaults.enforce", 9, Severity.Medium);
        FindingAssert.PatchFixes(new DefaultEnforcePrivilegedRule(), finding, PrivilegedPatch);
    }

    [Fact]
    public void Pss002_fires_on_a_split_document_without_enforce_and_its_patch_fixes_it()
    {
        var finding = FindingAssert.Single(Yaml.Check(new DefaultEnforcePrivilegedRule(), ("patch.yaml", SplitDocument)),
            "configuration.defaults.enforce", 7, Severity.Medium);
        Assert.StartsWith("apiVersion: v1alpha1\nkind: KubeAdmissionControlConfig\nname: PodSecurity\nconfiguration:\n", finding.Patch, StringComparison.Ordinal);
        FindingAssert.PatchFixes(new DefaultEnforcePrivilegedRule(), finding, SplitDocument);
    }

    [Fact]
    public void Pss003_fires_on_exemptions_in_a_patch_and_in_a_split_document()
    {
        Assert.Equal(["cluster.apiServer.admissionControl[0].configuration.exemptions.namespaces[1]"],
            Yaml.Check(new BroadExemptionsRule(), ("patch.yaml", PrivilegedPatch)).Select(f => f.Location.Path));
        Assert.Equal(["configuration.exemptions.usernames[0]"],
            Yaml.Check(new BroadExemptionsRule(), ("patch.yaml", SplitDocument)).Select(f => f.Location.Path));
    }

    [Fact]
    public void Pss001_does_not_judge_a_lone_patch()
    {
        Assert.Empty(Yaml.Check(new AdmissionMissingRule(), ("patch.yaml", "cluster:\n  apiServer:\n    certSANs: [a.example]\n")));
    }

    [Fact]
    public void A_patch_deleting_the_podsecurity_entry_sets_no_defaults_to_judge()
    {
        const string Deletion = "cluster:\n  apiServer:\n    admissionControl:\n      - name: PodSecurity\n        $patch: delete\n";
        Assert.Empty(Yaml.Check(new DefaultEnforcePrivilegedRule(), ("patch.yaml", Deletion)));
    }

    [Fact]
    public void Workloads_are_judged_against_the_defaults_of_a_controlplane_patch()
    {
        const string Pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    securityContext: {privileged: true}\n";
        var restricted = PrivilegedPatch.Replace("enforce: privileged", "enforce: baseline", StringComparison.Ordinal);
        var settings = AdmissionSettings.From(Yaml.Model(("patch.yaml", restricted), ("pod.yaml", Pod)));
        Assert.Equal("patch.yaml (cluster.apiServer.admissionControl)", settings.Source);
        Assert.Single(Yaml.Check(new EnforceViolationRule(), ("patch.yaml", restricted), ("pod.yaml", Pod)));
    }

    [Fact]
    public void The_enforce_and_audit_warn_rules_share_one_evaluation_per_scan()
    {
        var model = Yaml.Model(("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: c, image: nginx}\n"));
        using var scan = new ScanContext(model, new ScanOptions());
        var enforce = WorkloadViolationRule.Evaluation(scan.ForRule(EnforceViolationRule.Definition));
        var auditWarn = WorkloadViolationRule.Evaluation(scan.ForRule(AuditWarnViolationRule.Definition));
        Assert.Same(enforce, auditWarn);
        using var otherScan = new ScanContext(model, new ScanOptions());
        Assert.NotSame(enforce, WorkloadViolationRule.Evaluation(otherScan.ForRule(EnforceViolationRule.Definition)));
    }
}
