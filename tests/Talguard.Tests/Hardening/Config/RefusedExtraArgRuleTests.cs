using Talguard.Hardening.Config;

namespace Talguard.Tests.Hardening.Config;

public sealed class RefusedExtraArgRuleTests
{
    private readonly RefusedExtraArgRule _rule = new();

    [Fact]
    public void Denied_flags_fire_for_each_component()
    {
        const string config = """
            version: v1alpha1
            machine:
              kubelet:
                extraArgs:
                  cert-dir: /var/lib/kubelet/pki
                  rotate-server-certificates: "true"
            cluster:
              apiServer:
                extraArgs:
                  encryption-provider-config: /var/lib/kubernetes/enc.yaml
                  audit-policy-file: /var/lib/kubernetes/audit.yaml
              controllerManager:
                extraArgs:
                  root-ca-file: /x
              scheduler:
                extraArgs:
                  bind-address: 0.0.0.0
              etcd:
                extraArgs:
                  data-dir: /var/lib/etcd2
                  listen-metrics-urls: http://0.0.0.0:2381
            """;
        var findings = ConfigRuleTestSupport.Run(_rule, config);
        Assert.Equal(
            ["machine.kubelet.extraArgs.cert-dir", "cluster.apiServer.extraArgs.encryption-provider-config", "cluster.controllerManager.extraArgs.root-ca-file", "cluster.etcd.extraArgs.data-dir"],
            findings.OrderBy(f => f.Location.Line).Select(f => f.Location.Path));
        var encryption = findings.Single(f => f.Location.Path.EndsWith("encryption-provider-config", StringComparison.Ordinal));
        Assert.Contains("secretbox", encryption.Message, StringComparison.Ordinal);
        Assert.Contains("KubeEtcdEncryptionConfig", encryption.Message, StringComparison.Ordinal);
        Assert.Equal("cluster:\n  apiServer:\n    extraArgs:\n      encryption-provider-config:\n        $patch: delete\n", encryption.Patch);
    }

    [Fact]
    public void Authorization_mode_fires_only_together_with_authorization_config()
    {
        const string args = "version: v1alpha1\ncluster:\n  apiServer:\n    extraArgs:\n      authorization-mode: Node,RBAC\n      authorization-webhook-version: v1\n";
        Assert.Empty(ConfigRuleTestSupport.Run(_rule, args));
        var findings = ConfigRuleTestSupport.Run(_rule, args + "    authorizationConfig:\n      - type: Node\n        name: node\n");
        Assert.Equal(["cluster.apiServer.extraArgs.authorization-mode", "cluster.apiServer.extraArgs.authorization-webhook-version"], findings.Paths());
    }

    [Fact]
    public void Patch_files_are_checked_too()
    {
        var finding = Assert.Single(ConfigRuleTestSupport.Run(_rule, "apiVersion: v1alpha1\nkind: KubeAPIServerConfig\nextraArgs:\n  tls-cert-file: /x\n"));
        Assert.Equal("extraArgs.tls-cert-file", finding.Location.Path);
        Assert.Equal("KubeAPIServerConfig", finding.Location.Kind);
    }
}
