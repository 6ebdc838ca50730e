using Talguard.Compliance;
using Talguard.Services;

namespace Talguard.Tests.Compliance;

/// <summary>
/// A cluster written for these tests (testdata/weak-cluster: a control plane, a worker and RBAC manifests with known
/// weaknesses) must get the right status per control in each framework.
/// </summary>
public class ComplianceServiceTests
{
    internal const string WeakCluster = "tests/Talguard.Tests/Compliance/testdata/weak-cluster";

    internal static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1.1.1", "not-applicable")] // static pod manifests exist only in memory
    [InlineData("1.1.11", "pass")] // etcd data directory: Talos default
    [InlineData("1.1.13", "not-applicable")] // no admin.conf on a node
    [InlineData("1.2.1", "fail")] // anonymous-auth: "true"
    [InlineData("1.2.2", "pass")] // no token-auth-file
    [InlineData("1.2.5", "manual")] // kubelet-certificate-authority not shown
    [InlineData("1.2.6", "pass")] // Node,RBAC always on
    [InlineData("1.2.15", "fail")] // profiling: "true"
    [InlineData("1.2.17", "fail")] // audit-log-maxage: "7"
    [InlineData("1.4.1", "pass")] // scheduler profiling off by default (the API server's profiling is 1.2.15's)
    [InlineData("4.2.1", "pass")] // kubelet anonymous auth off (the open read-only port is 4.2.4's)
    [InlineData("1.4.2", "fail")] // scheduler bind-address 0.0.0.0
    [InlineData("1.2.3", "manual")] // operator decision, no rule
    [InlineData("4.1.1", "not-applicable")] // no kubelet systemd unit
    [InlineData("4.1.9", "pass")] // kubelet config file written by Talos
    [InlineData("4.2.4", "fail")] // read-only-port: "10255"
    [InlineData("4.2.5", "fail")] // streamingConnectionIdleTimeout: "0"
    [InlineData("4.2.10", "pass")] // certificate rotation on
    [InlineData("5.1.1", "fail")] // cluster-admin bound to a person
    [InlineData("5.1.2", "fail")] // a ClusterRole reads Secrets
    [InlineData("5.2.11", "not-applicable")] // no Windows nodes
    public void The_weak_cluster_gets_the_right_CIS_status(string control, string status) =>
        Assert.Equal(status, Control("cis-1.10", control).Status.ToName());

    [Theory]
    [InlineData("2.2.2", "pass")] // no default accounts on Talos
    [InlineData("3.5.1", "fail")] // STATE and EPHEMERAL are not encrypted
    [InlineData("7.2.2", "fail")] // cluster-admin and Secret readers
    [InlineData("8.3.1", "fail")] // anonymous API requests
    [InlineData("10.5.1", "fail")] // 7 days of audit log
    [InlineData("12.10.1", "manual")] // incident response plan: attestation only
    public void The_weak_cluster_gets_the_right_PCI_DSS_status(string control, string status) =>
        Assert.Equal(status, Control("pci-dss-4.0", control).Status.ToName());

    [Theory]
    [InlineData("CC6.1", "fail")]
    [InlineData("CC6.3", "fail")]
    [InlineData("CC6.4", "not-applicable")] // physical access
    [InlineData("CC7.4", "manual")] // incident response: attestation only
    [InlineData("CC7.5", "manual")] // disaster recovery: attestation only
    [InlineData("CC8.1", "pass")] // the config is valid Talos: the config rules found nothing
    public void The_weak_cluster_gets_the_right_SOC2_status(string control, string status) =>
        Assert.Equal(status, Control("soc2", control).Status.ToName());

    [Fact]
    public void A_failing_control_lists_the_findings_of_its_rules_and_a_passing_one_the_files_they_judged()
    {
        var failing = Control("cis-1.10", "1.2.1");
        Assert.Contains("TG-K8S-001", failing.RuleIds);
        Assert.Contains(failing.Findings, f => f.Rule.Id == "TG-K8S-001" && f.Location.File.EndsWith("controlplane.yaml", StringComparison.Ordinal));
        Assert.Contains(failing.Evidence, e => e.Path == "cluster.apiServer.extraArgs.anonymous-auth" && e.Line > 0);

        var passing = Control("cis-1.10", "1.4.1");
        Assert.Empty(passing.Findings);
        Assert.Contains(passing.Evidence, e => e.Text.StartsWith("Talos default: ", StringComparison.Ordinal));
        Assert.Contains(passing.Evidence, e => e.Text.Contains("cluster.scheduler.extraArgs.profiling not set in the config (Talos default profiling=false applies)", StringComparison.Ordinal));
        Assert.Contains(passing.Evidence, e => e.Text.StartsWith("TG-K8S-002 ", StringComparison.Ordinal) && e.Text.Contains("controlplane.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void A_weakening_override_without_a_rule_fails_the_Talos_default_with_file_line_and_value()
    {
        var control = Control("cis-1.10", "4.2.5");
        Assert.Empty(control.Findings);
        Assert.Contains("worker.yaml:", control.Reason, StringComparison.Ordinal);
        Assert.Contains("machine.kubelet.extraConfig.streamingConnectionIdleTimeout = \"0\"", control.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Controls_whose_inputs_were_not_given_are_manual_not_pass()
    {
        var report = Run("cis-1.10", [WeakCluster + "/worker.yaml"]);
        var apiServer = report.Controls.Single(c => c.Id == "1.2.15");
        Assert.Equal(ControlStatus.Manual, apiServer.Status);
        Assert.StartsWith("not evaluated:", apiServer.Reason, StringComparison.Ordinal);
        var etcd = report.Controls.Single(c => c.Id == "1.1.11");
        Assert.Equal(ControlStatus.Manual, etcd.Status);
        Assert.Equal("not evaluated: no control-plane machine config was given", etcd.Reason);
        var rbac = report.Controls.Single(c => c.Id == "5.1.1");
        Assert.Equal(ControlStatus.Manual, rbac.Status);
        Assert.Contains("Kubernetes manifests", rbac.Reason, StringComparison.Ordinal);
        Assert.Equal(ControlStatus.Pass, report.Controls.Single(c => c.Id == "4.1.9").Status);
    }

    [Fact]
    public void A_Talos_default_that_came_later_than_the_target_fails_the_control()
    {
        var report = Run("cis-1.10", [WeakCluster + "/controlplane.yaml"], new global::Talguard.Findings.ScanOptions { Targets = new global::Talguard.Model.TargetOverrides(new global::Talguard.Model.TalosVersion(1, 11)) });
        var ciphers = report.Controls.Single(c => c.Id == "1.2.29");
        Assert.Equal(ControlStatus.Fail, ciphers.Status);
        Assert.Contains("since v1.12", ciphers.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encryption_config_of_ones_own_fails_the_encryption_provider_control()
    {
        // Talos denies encryption-provider-config in extraArgs: the insecure example's own file is never used.
        var control = Run("cis-1.10", ["examples/insecure-cluster/controlplane.yaml"]).Controls.Single(c => c.Id == "1.2.27");
        Assert.Equal(ControlStatus.Fail, control.Status);
        Assert.Contains("cluster.apiServer.extraArgs.encryption-provider-config = \"/etc/kubernetes/encryption-config.yaml\" overrides the Talos default", control.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_score_is_pass_over_pass_and_fail()
    {
        var report = Run("cis-1.10", [WeakCluster]);
        var pass = report.Count(ControlStatus.Pass);
        var fail = report.Count(ControlStatus.Fail);
        Assert.True(pass > 0 && fail > 0);
        Assert.Equal(Math.Round((double)pass / (pass + fail), 4), report.Score);
        Assert.Equal(130, report.Controls.Count);
    }

    [Fact]
    public void Failing_controls_fail_the_run_at_the_threshold()
    {
        ComplianceResult Outcome(global::Talguard.Findings.Severity? failOn) => ComplianceService.Run(new ComplianceRequest
        {
            Framework = "cis-1.10", Paths = [Path.Combine(global::Talguard.Tests.Support.SharedData.RepositoryRoot, WeakCluster)], Now = Now, FailOn = failOn,
        });
        Assert.Equal(ServiceOutcome.FindingsAtThreshold, Outcome(global::Talguard.Findings.Severity.Info).Outcome);
        Assert.Equal(ServiceOutcome.Passed, Outcome(null).Outcome);
        Assert.Equal(ServiceOutcome.FindingsAtThreshold, Outcome(global::Talguard.Findings.Severity.High).Outcome);

        // The weak cluster has no critical finding.
        Assert.Equal(ServiceOutcome.Passed, Outcome(global::Talguard.Findings.Severity.Critical).Outcome);
    }

    [Fact]
    public void A_hardened_cluster_passes_what_it_can_show()
    {
        var report = Run("cis-1.10", ["examples/hardened-cluster"]);
        foreach (var id in new[] { "1.2.1", "1.2.15", "1.4.2", "4.2.4", "4.2.5" })
        {
            Assert.Equal(ControlStatus.Pass, report.Controls.Single(c => c.Id == id).Status);
        }
    }

    [Fact]
    public void The_same_inputs_give_the_same_report()
    {
        var first = Json(Run("pci-dss-4.0", [WeakCluster]));
        Assert.Equal(first, Json(Run("pci-dss-4.0", [WeakCluster])));
    }

    internal static string Json(ComplianceReport report)
    {
        using var stream = new MemoryStream();
        new global::Talguard.Reports.ComplianceJsonWriter().Write(report, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static ComplianceReport Run(string framework, IReadOnlyList<string> paths, global::Talguard.Findings.ScanOptions? options = null, string? attestations = null, string? evidence = null)
    {
        var root = global::Talguard.Tests.Support.SharedData.RepositoryRoot;
        return ComplianceService.Run(new ComplianceRequest
        {
            Framework = framework,
            Paths = [.. paths.Select(p => Path.Combine(root, p))],
            Options = options ?? new(),
            Attestations = attestations,
            EvidenceBundle = evidence,
            Now = Now,
        }).Report;
    }

    private static ControlResult Control(string framework, string id) =>
        Run(framework, [WeakCluster]).Controls.Single(c => c.Id == id);
}
