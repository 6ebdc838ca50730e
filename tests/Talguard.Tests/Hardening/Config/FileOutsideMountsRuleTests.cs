using Talguard.Hardening.Config;

namespace Talguard.Tests.Hardening.Config;

public sealed class FileOutsideMountsRuleTests
{
    private readonly FileOutsideMountsRule _rule = new();

    [Fact]
    public void Api_server_files_outside_every_mount_fire_with_a_mount_patch()
    {
        const string config = """
            version: v1alpha1
            cluster:
              apiServer:
                extraArgs:
                  audit-policy-file: /var/lib/kubernetes/audit-policy.yaml
                  audit-log-path: /var/log/audit/kube/kube-apiserver.log
                  admission-control-config-file: /etc/kubernetes/admission.yaml
                  authentication-config: /var/lib/authn/config.yaml
                  tracing-config-file: [/system/config/kubernetes/kube-apiserver/tracing.yaml, /opt/tracing.yaml]
                extraVolumes:
                  - hostPath: /var/lib/authn
                    mountPath: /var/lib/authn
                    readonly: true
            """;
        var findings = ConfigRuleTestSupport.Run(_rule, config);
        Assert.Equal(
            ["cluster.apiServer.extraArgs.audit-policy-file", "cluster.apiServer.extraArgs.admission-control-config-file", "cluster.apiServer.extraArgs.tracing-config-file[1]"],
            findings.Paths());
        Assert.Equal(
            "cluster:\n  apiServer:\n    extraVolumes:\n      - hostPath: /var/lib/kubernetes\n        mountPath: /var/lib/kubernetes\n        readonly: true\n",
            findings[0].Patch);
        Assert.Contains("auditPolicy", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stdout_audit_log_and_mounted_files_do_not_fire()
    {
        Assert.Empty(ConfigRuleTestSupport.Run(_rule,
            "version: v1alpha1\ncluster:\n  apiServer:\n    extraArgs:\n      audit-log-path: \"-\"\n      audit-policy-file: /etc/audit/policy.yaml\n    extraVolumes:\n      - hostPath: /var/etc/audit/policy.yaml\n        mountPath: /etc/audit/policy.yaml\n"));
    }

    [Fact]
    public void Machine_files_created_outside_var_fire_at_the_entry()
    {
        const string config = """
            version: v1alpha1
            machine:
              files:
                - path: /var/lib/kubernetes/audit.yaml
                  op: create
                  content: x
                - path: /etc/kubernetes/audit.yaml
                  op: create
                  content: x
                - path: /etc/cri/conf.d/20-customization.part
                  op: overwrite
                  content: x
                - path: /variable/x
                  op: create
                  content: x
                - path: /etc/cri/conf.d/20-customization.part
                  op: create
                  content: x
                - path: /etc/kubernetes/manifests/pod.yaml
                  op: create
                  content: x
                - path: /etc/kubernetes/manifests/sub/pod.yaml
                  op: create
                  content: x
            """;
        var findings = ConfigRuleTestSupport.Run(_rule, config);
        Assert.Equal(["machine.files[1]", "machine.files[3]", "machine.files[6]"], findings.Paths());
        Assert.Contains("outside /var", findings[0].Message, StringComparison.Ordinal);
    }
}
