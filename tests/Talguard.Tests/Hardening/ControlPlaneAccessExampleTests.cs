using System.Text.Json;

namespace Talguard.Tests.Hardening;

/// <summary>The documented example scanned through the real CLI: every K8S/ACC rule at its exact place.</summary>
public class ControlPlaneAccessExampleTests
{
    [Fact]
    public void The_insecure_example_reports_each_rule_at_its_file_line_and_path()
    {
        var outcome = Support.Cli.Run("scan", "--format", "json", "examples/control-plane-access");
        Assert.Equal(1, outcome.ExitCode);

        using var report = JsonDocument.Parse(outcome.Stdout);
        var findings = report.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (
                Rule: f.GetProperty("ruleId").GetString(),
                Severity: f.GetProperty("severity").GetString(),
                File: Path.GetFileName(f.GetProperty("location").GetProperty("file").GetString()),
                Line: f.GetProperty("location").GetProperty("line").GetInt32(),
                Path: f.GetProperty("location").GetProperty("path").GetString()))
            .Where(f => f.Rule!.StartsWith("TG-K8S-", StringComparison.Ordinal) || f.Rule.StartsWith("TG-ACC-", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(
            [
                ("TG-K8S-009", "info", "controlplane.yaml", 6, "machine.install.extraKernelArgs"),
                ("TG-K8S-007", "medium", "controlplane.yaml", 9, "machine.kubelet.defaultRuntimeSeccompProfileEnabled"),
                ("TG-K8S-006", "high", "controlplane.yaml", 11, "machine.kubelet.extraArgs.read-only-port"),
                ("TG-K8S-006", "high", "controlplane.yaml", 15, "machine.kubelet.extraConfig.authentication.anonymous.enabled"),
                ("TG-K8S-008", "medium", "controlplane.yaml", 17, "machine.sysctls[\"kernel.kptr_restrict\"]"),
                ("TG-K8S-008", "info", "controlplane.yaml", 18, "machine.sysctls[\"user.max_user_namespaces\"]"),
                ("TG-ACC-001", "high", "controlplane.yaml", 20, "machine.features.rbac"),
                ("TG-ACC-002", "medium", "controlplane.yaml", 21, "machine.features.apidCheckExtKeyUsage"),
                ("TG-ACC-003", "medium", "controlplane.yaml", 25, "machine.features.kubernetesTalosAPIAccess.allowedRoles[0]"),
                ("TG-K8S-001", "high", "controlplane.yaml", 31, "cluster.apiServer.extraArgs.anonymous-auth"),
                ("TG-K8S-002", "medium", "controlplane.yaml", 32, "cluster.apiServer.extraArgs.profiling"),
                ("TG-K8S-003", "critical", "controlplane.yaml", 33, "cluster.apiServer.extraArgs.authorization-mode"),
                ("TG-K8S-004", "high", "controlplane.yaml", 34, "cluster.apiServer.extraArgs.disable-admission-plugins"),
                ("TG-K8S-005", "medium", "controlplane.yaml", 35, "cluster.apiServer.extraArgs.tls-min-version"),
                ("TG-K8S-005", "medium", "controlplane.yaml", 40, "cluster.scheduler.extraArgs.tls-cipher-suites[1]"),
                ("TG-K8S-010", "low", "controlplane.yaml", 44, "cluster.discovery.registries.kubernetes.disabled"),
                ("TG-ACC-004", "high", "rbac.yaml", 11, "subjects[0]"),
                ("TG-ACC-007", "medium", "rbac.yaml", 20, "rules[0]"),
                ("TG-ACC-008", "medium", "rbac.yaml", 30, "rules[0]"),
                ("TG-ACC-005", "high", "rbac.yaml", 33, "rules[1]"),
                ("TG-ACC-006", "high", "rbac.yaml", 33, "rules[1]"),
                ("TG-ACC-008", "medium", "rbac.yaml", 33, "rules[1]"),
                ("TG-ACC-006", "high", "rbac.yaml", 36, "rules[2]"),
                ("TG-ACC-009", "critical", "rbac.yaml", 49, "subjects[0]"),
                ("TG-ACC-009", "critical", "rbac.yaml", 52, "subjects[1]"),
            ],
            findings);
    }
}
