using Talguard.Findings;
using Talguard.Hardening.PodSecurity;
using Talguard.Hardening.PodSecurity.Rules;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.PodSecurity;

public class PodSecurityRulesTests
{
    private static string Paths(IEnumerable<Finding> findings) => string.Join(" | ", findings.Select(f => $"{f.RuleId}@{f.Location.Path}"));

    [Fact]
    public void Pss001_fires_on_a_controlplane_without_a_podsecurity_entry()
    {
        var findings = Yaml.Check(new AdmissionMissingRule(), ("cp.yaml", TalosConfigs.ControlPlane("    admissionControl: []")));
        Assert.Equal("TG-PSS-001@cluster.apiServer.admissionControl", Paths(findings));
        Assert.Equal(7, findings[0].Location.Line);
        Assert.Empty(Yaml.Check(new AdmissionMissingRule(), ("cp.yaml", TalosConfigs.ControlPlane(TalosConfigs.DefaultPodSecurity))));
        Assert.Empty(Yaml.Check(new AdmissionMissingRule(), ("w.yaml", "version: v1alpha1\nmachine:\n  type: worker\n")));
    }

    [Fact]
    public void Pss001_accepts_a_v1_14_KubeAdmissionControlConfig_document()
    {
        var config = TalosConfigs.ControlPlane(string.Empty) + """
            ---
            apiVersion: v1alpha1
            kind: KubeAdmissionControlConfig
            name: PodSecurity
            configuration:
              defaults: {enforce: privileged}
            """;
        Assert.Empty(Yaml.Check(new AdmissionMissingRule(), ("cp.yaml", config)));
        var findings = Yaml.Check(new DefaultEnforcePrivilegedRule(), ("cp.yaml", config));
        Assert.Equal("TG-PSS-002@configuration.defaults.enforce", Paths(findings));
        Assert.Equal(1, findings[0].Location.Document);
    }

    [Fact]
    public void Pss002_fires_on_privileged_or_missing_enforce()
    {
        var privileged = TalosConfigs.DefaultPodSecurity.Replace("enforce: baseline", "enforce: privileged", StringComparison.Ordinal);
        Assert.Equal("TG-PSS-002@cluster.apiServer.admissionControl[0].configuration.defaults.enforce",
            Paths(Yaml.Check(new DefaultEnforcePrivilegedRule(), ("cp.yaml", TalosConfigs.ControlPlane(privileged)))));
        var missing = TalosConfigs.DefaultPodSecurity.Replace("            enforce: baseline\n", string.Empty, StringComparison.Ordinal);
        Assert.Equal("TG-PSS-002@cluster.apiServer.admissionControl[0].configuration.defaults.enforce",
            Paths(Yaml.Check(new DefaultEnforcePrivilegedRule(), ("cp.yaml", TalosConfigs.ControlPlane(missing)))));
        Assert.Empty(Yaml.Check(new DefaultEnforcePrivilegedRule(), ("cp.yaml", TalosConfigs.ControlPlane(TalosConfigs.DefaultPodSecurity))));
    }

    [Fact]
    public void Pss003_fires_on_each_exemption_beyond_kube_system()
    {
        var broad = TalosConfigs.DefaultPodSecurity
            .Replace("namespaces: [kube-system]", "namespaces: [kube-system, monitoring]", StringComparison.Ordinal)
            .Replace("usernames: []", "usernames: [admin]", StringComparison.Ordinal)
            .Replace("runtimeClasses: []", "runtimeClasses: [kata]", StringComparison.Ordinal);
        Assert.Equal(
            "TG-PSS-003@cluster.apiServer.admissionControl[0].configuration.exemptions.usernames[0] | " +
            "TG-PSS-003@cluster.apiServer.admissionControl[0].configuration.exemptions.runtimeClasses[0] | " +
            "TG-PSS-003@cluster.apiServer.admissionControl[0].configuration.exemptions.namespaces[1]",
            Paths(Yaml.Check(new BroadExemptionsRule(), ("cp.yaml", TalosConfigs.ControlPlane(broad)))));
    }

    [Fact]
    public void Pss004_and_005_fire_on_namespace_labels()
    {
        const string Namespaces = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: apps
              labels:
                pod-security.kubernetes.io/enforce: privileged
                pod-security.kubernetes.io/audit-version: v1.x
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: kube-system
              labels:
                pod-security.kubernetes.io/enforce: privileged
            """;
        var invalid = Yaml.Check(new InvalidNamespaceLabelRule(), ("ns.yaml", Namespaces));
        Assert.Equal("TG-PSS-004@metadata.labels[\"pod-security.kubernetes.io/audit-version\"]", Paths(invalid));
        Assert.Equal("Namespace apps: label pod-security.kubernetes.io/audit-version=\"v1.x\": must be \"latest\" or \"v1.x\"", invalid[0].Message);
        var privileged = Yaml.Check(new PrivilegedNamespaceRule(), ("ns.yaml", Namespaces));
        Assert.Equal("TG-PSS-005@metadata.labels[\"pod-security.kubernetes.io/enforce\"]", Paths(privileged));
        Assert.Equal("apps", privileged[0].Object!.Name);
    }

    [Fact]
    public void Pss006_and_007_split_enforce_from_audit_and_warn()
    {
        var cluster = TalosConfigs.ControlPlane(TalosConfigs.DefaultPodSecurity);
        const string Pod = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: shop}
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: true}
            """;
        var enforce = Yaml.Check(new EnforceViolationRule(), ("cp.yaml", cluster), ("pod.yaml", Pod));
        Assert.Equal("TG-PSS-006@spec.containers[0].securityContext.privileged", Paths(enforce));
        Assert.Equal("violates PodSecurity \"baseline:latest\": privileged (container \"app\" must not set securityContext.privileged=true)", enforce[0].Message);
        Assert.Equal("spec:\n  containers:\n  - name: app\n    securityContext:\n      privileged: false\n", enforce[0].Patch);

        var advisory = Yaml.Check(new AuditWarnViolationRule(), ("cp.yaml", cluster), ("pod.yaml", Pod));
        Assert.Equal(
            "TG-PSS-007@spec.containers[0].securityContext.allowPrivilegeEscalation | TG-PSS-007@spec.containers[0].securityContext.capabilities | " +
            "TG-PSS-007@spec.securityContext.runAsNonRoot | TG-PSS-007@spec.securityContext.seccompProfile",
            Paths(advisory.OrderBy(f => f.Location.Path, StringComparer.Ordinal)));
        Assert.All(advisory, f => Assert.StartsWith("would violate PodSecurity \"restricted:latest\" (audit, warn): ", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_evaluates_latest_as_the_target_kubernetes_version_knows_it()
    {
        const string UserNamespacePod = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: apps
              labels: {pod-security.kubernetes.io/enforce: restricted}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: userns, namespace: apps}
            spec:
              hostUsers: false
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
              - name: app
                image: nginx
                securityContext: {runAsUser: 0, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            """;
        var onV134 = Yaml.Check(new EnforceViolationRule(), ("cp.yaml", TalosConfigs.ControlPlane(TalosConfigs.DefaultPodSecurity)), ("pod.yaml", UserNamespacePod));
        Assert.Equal("violates PodSecurity \"restricted:latest\": runAsUser=0 (container \"app\" must not set runAsUser=0)", Assert.Single(onV134).Message);
        var onV135 = TalosConfigs.ControlPlane(TalosConfigs.DefaultPodSecurity).Replace("v1.34.1", "v1.35.0", StringComparison.Ordinal);
        Assert.Empty(Yaml.Check(new EnforceViolationRule(), ("cp.yaml", onV135), ("pod.yaml", UserNamespacePod)));
    }

    [Fact]
    public void Exempt_namespaces_are_not_evaluated()
    {
        var cluster = TalosConfigs.ControlPlane(TalosConfigs.DefaultPodSecurity);
        const string Pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: kube-system}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: x}]\n";
        var report = ClusterPodSecurity.Evaluate(Yaml.Model(("cp.yaml", cluster), ("pod.yaml", Pod)), new PssOptions());
        Assert.Empty(report.Evaluations);
        Assert.Equal(["Pod/p (kube-system): exempt (namespace kube-system), not evaluated"], report.Notices);
    }

    [Fact]
    public void Exempt_runtime_classes_skip_the_workload_and_explicit_levels_ignore_exemptions()
    {
        const string Files = """
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults: {enforce: restricted}
            exemptions: {runtimeClasses: [kata]}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: vm, namespace: apps}
            spec:
              template:
                spec:
                  runtimeClassName: kata
                  containers: [{name: c, image: x}]
            """;
        var report = ClusterPodSecurity.Evaluate(Yaml.Model(("all.yaml", Files)), new PssOptions());
        Assert.Empty(report.Evaluations);
        Assert.Equal(["Deployment/vm (apps): exempt (runtimeClass kata), not evaluated"], report.Notices);
        var explicitReport = ClusterPodSecurity.Evaluate(Yaml.Model(("all.yaml", Files)), new PssOptions { Level = PodSecurityLevel.Restricted });
        Assert.False(Assert.Single(explicitReport.Evaluations).Result.Allowed);
    }

    [Fact]
    public void Every_workload_kind_and_list_items_are_found_with_their_template_paths()
    {
        static string Workload(string kind, string templatePath)
        {
            var keys = templatePath.Split('.');
            var text = $"apiVersion: apps/v1\nkind: {kind}\nmetadata: {{name: {kind.ToLowerInvariant()}}}\n";
            var indent = string.Empty;
            foreach (var key in keys)
            {
                text += $"{indent}{key}:\n";
                indent += "  ";
            }

            return text + $"{indent}spec:\n{indent}  containers: [{{name: c, image: x, securityContext: {{privileged: true}}}}]\n";
        }

        var documents = string.Join("---\n",
            Workload("Deployment", "spec.template"), Workload("DaemonSet", "spec.template"), Workload("StatefulSet", "spec.template"),
            Workload("ReplicaSet", "spec.template"), Workload("ReplicationController", "spec.template"), Workload("Job", "spec.template"),
            Workload("CronJob", "spec.jobTemplate.spec.template"), Workload("PodTemplate", "template"),
            "apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: listed}\n  spec:\n    containers: [{name: c, image: x, securityContext: {privileged: true}}]\n");
        var report = ClusterPodSecurity.Evaluate(Yaml.Model(("all.yaml", documents)), new PssOptions { Level = PodSecurityLevel.Baseline });
        Assert.Equal(
            "Deployment@spec.template.spec.containers[0].securityContext.privileged, DaemonSet@spec.template.spec.containers[0].securityContext.privileged, " +
            "StatefulSet@spec.template.spec.containers[0].securityContext.privileged, ReplicaSet@spec.template.spec.containers[0].securityContext.privileged, " +
            "ReplicationController@spec.template.spec.containers[0].securityContext.privileged, Job@spec.template.spec.containers[0].securityContext.privileged, " +
            "CronJob@spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged, PodTemplate@template.spec.containers[0].securityContext.privileged, " +
            "Pod@items[0].spec.containers[0].securityContext.privileged",
            string.Join(", ", report.Findings.Select(f => $"{f.Object!.Kind}@{f.Location.Path}")));
        Assert.All(report.Evaluations, e => Assert.Equal(PssMode.Explicit, e.Mode));
    }
}
