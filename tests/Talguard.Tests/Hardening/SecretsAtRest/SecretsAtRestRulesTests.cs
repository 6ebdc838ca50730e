using Talguard.Findings;
using Talguard.Hardening.SecretsAtRest;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.SecretsAtRest;

public class SecretsAtRestRulesTests
{
    private static string ControlPlane(string type, string cluster) => $"""
        version: v1alpha1
        machine:
          type: {type}
        cluster:
          clusterName: demo
        {cluster}
        """;

    [Theory]
    [InlineData("controlplane")]
    [InlineData("init")]
    public void Sec001_fires_on_control_planes_without_an_encryption_secret(string type)
    {
        var findings = Yaml.Check(new SecretboxEncryptionRule(), ("cp.yaml", ControlPlane(type, "  secretboxEncryptionSecret: \"\"")));
        FindingAssert.Single(findings, "cluster.secretboxEncryptionSecret", 6, Severity.High);
        FindingAssert.Single(Yaml.Check(new SecretboxEncryptionRule(), ("cp.yaml", ControlPlane(type, string.Empty))), "cluster.secretboxEncryptionSecret", 5, Severity.High);
    }

    [Fact]
    public void Sec001_skips_workers_and_configs_with_a_secret()
    {
        Assert.Empty(Yaml.Check(new SecretboxEncryptionRule(), ("w.yaml", ControlPlane("worker", string.Empty))));
        Assert.Empty(Yaml.Check(new SecretboxEncryptionRule(), ("cp.yaml", ControlPlane("controlplane", "  aescbcEncryptionSecret: c2VjcmV0"))));
        Assert.Empty(Yaml.Check(new SecretboxEncryptionRule(), ("cp.yaml", ControlPlane("controlplane", "  secretboxEncryptionSecret: c2VjcmV0"))));
    }

    [Fact]
    public void Sec001_leaves_a_v1_14_kube_etcd_encryption_config_to_sec003()
    {
        var config = ControlPlane("controlplane", string.Empty) + """

            ---
            apiVersion: v1alpha1
            kind: KubeEtcdEncryptionConfig
            config:
              resources:
                - resources: [secrets]
                  providers:
                    - secretbox: {keys: [{name: key2, secret: c2VjcmV0}]}
                    - identity: {}
            """;
        Assert.Empty(Yaml.Check(new SecretboxEncryptionRule(), ("cp.yaml", config)));
        Assert.Empty(Yaml.Check(new EncryptionProviderOrderRule(), ("cp.yaml", config)));
    }

    [Fact]
    public void Sec002_fires_when_only_aescbc_is_set_without_quoting_it()
    {
        var finding = FindingAssert.Single(Yaml.Check(new AescbcOnlyRule(), ("cp.yaml", ControlPlane("controlplane", "  aescbcEncryptionSecret: c2VjcmV0"))),
            "cluster.aescbcEncryptionSecret", 6, Severity.Low);
        Assert.DoesNotContain("c2VjcmV0", finding.Message, StringComparison.Ordinal);
        Assert.Empty(Yaml.Check(new AescbcOnlyRule(), ("cp.yaml", ControlPlane("controlplane", "  aescbcEncryptionSecret: a\n  secretboxEncryptionSecret: b"))));
    }

    private const string GuideManifest = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources:
              - secrets
            providers:
              - kms:
                  name: vault
                  endpoint: unix:///var/run/kmsplugin/socket.sock
              - identity: {}
          - resources:
              - configmaps
            providers:
              - identity: {}
              - aescbc:
                  keys:
                    - name: key1
                      secret: c2VjcmV0
        """;

    [Fact]
    public void Sec003_fires_for_identity_first_per_resource_entry()
    {
        var finding = FindingAssert.Single(Yaml.Check(new EncryptionProviderOrderRule(), ("enc.yaml", GuideManifest)), "resources[1].providers", 14, Severity.High);
        Assert.Equal("EncryptionConfiguration", finding.Object!.Kind);
    }

    [Fact]
    public void Sec003_fires_when_secrets_are_not_covered()
    {
        const string manifest = """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: [configmaps]
                providers:
                  - secretbox: {keys: [{name: k, secret: c2VjcmV0}]}
            """;
        FindingAssert.Single(Yaml.Check(new EncryptionProviderOrderRule(), ("enc.yaml", manifest)), "resources[0].providers", 6, Severity.High);
        const string empty = """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            """;
        FindingAssert.Single(Yaml.Check(new EncryptionProviderOrderRule(), ("enc.yaml", empty)), "resources", 1, Severity.High);
    }

    [Theory]
    [InlineData("secrets")]
    [InlineData("'*.'")]
    [InlineData("'*.*'")]
    public void Sec003_accepts_encrypted_coverage_of_secrets(string resource)
    {
        var manifest = $"""
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: [{resource}]
                providers:
                  - secretbox: {"{"}keys: [{"{"}name: k, secret: c2VjcmV0{"}"}]{"}"}
                  - identity: {"{}"}
            """;
        Assert.Empty(Yaml.Check(new EncryptionProviderOrderRule(), ("enc.yaml", manifest)));
    }

    [Fact]
    public void Sec003_reads_the_v1_14_talos_document_in_node_configs_and_patches()
    {
        const string patch = """
            apiVersion: v1alpha1
            kind: KubeEtcdEncryptionConfig
            config:
              resources:
                - resources: [secrets]
                  providers:
                    - identity: {}
            """;
        var finding = FindingAssert.Single(Yaml.Check(new EncryptionProviderOrderRule(), ("patch.yaml", patch)), "config.resources[0].providers", 7, Severity.High);
        Assert.Null(finding.Object);
    }

    [Fact]
    public void Sec003_ignores_other_api_versions_and_kinds()
    {
        const string other = """
            apiVersion: apiserver.config.k8s.io/v1beta1
            kind: EncryptionConfiguration
            resources: []
            """;
        Assert.Empty(Yaml.Check(new EncryptionProviderOrderRule(), ("enc.yaml", other)));
    }

    [Fact]
    public void Sec004_fires_medium_for_kms_v1_and_low_for_aescbc()
    {
        var findings = Yaml.Check(new DeprecatedEncryptionProviderRule(), ("enc.yaml", GuideManifest));
        Assert.Equal(2, findings.Count);
        FindingAssert.At(findings[0], "resources[0].providers[0]", 7, Severity.Medium);
        FindingAssert.At(findings[1], "resources[1].providers[1]", 15, Severity.Low);
        Assert.All(findings, f => Assert.DoesNotContain("c2VjcmV0", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Sec004_accepts_kms_v2()
    {
        const string manifest = """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: [secrets]
                providers:
                  - kms:
                      apiVersion: v2
                      name: vault
                      endpoint: unix:///var/run/kms.sock
                  - identity: {}
            """;
        Assert.Empty(Yaml.Check(new DeprecatedEncryptionProviderRule(), ("enc.yaml", manifest)));
        Assert.Empty(Yaml.Check(new EncryptionProviderOrderRule(), ("enc.yaml", manifest)));
    }
}
