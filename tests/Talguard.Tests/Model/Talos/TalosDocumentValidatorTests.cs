using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model.Talos;

public sealed class TalosDocumentValidatorTests
{
    private static readonly TalosVersion V111 = new(1, 11);
    private static readonly TalosVersion V112 = new(1, 12);
    private static readonly TalosVersion V113 = new(1, 13);
    private static readonly TalosVersion V114 = new(1, 14);

    private static List<string> Unknown(string text, TalosVersion target) =>
        [.. Yaml.File("c.yaml", text).Documents.SelectMany(d => TalosDocumentValidator.UnknownKeys(d, target)).Select(u => u.Path)];

    [Fact]
    public void Hidden_fields_are_accepted_in_every_release()
    {
        const string config = """
            version: v1alpha1
            persist: true
            machine:
              type: controlplane
              env:
                http_proxy: http://proxy
              time:
                servers: [time.cloudflare.com]
              registries:
                mirrors:
                  docker.io:
                    endpoints: [https://mirror.local]
              network:
                hostname: cp-1
                interfaces:
                  - interface: eth0
                    dhcp: true
                    vip:
                      ip: 10.0.0.10
              install:
                image: ghcr.io/siderolabs/installer:v1.13.4
                extraKernelArgs: [enforcing=1]
              features:
                rbac: true
                stableHostname: true
                apidCheckExtKeyUsage: true
              logging:
                destinations:
                  - endpoint: udp://127.0.0.1:12345/
                    format: json_lines
              files:
                - path: /var/etc/x
                  permissions: 0o644
                  op: create
                  content: x
              systemDiskEncryption:
                state:
                  provider: luks2
                  cipher: aes-xts-plain64
                  keySize: 512
                  blockSize: 4096
                  options: [no_read_workqueue]
                  keys:
                    - slot: 0
                      tpm:
                        checkSecurebootStatusOnEnroll: true
                    - slot: 1
                      static:
                        passphrase: ${STATE_PASSPHRASE}
                    - slot: 2
                      nodeID: {}
                    - slot: 3
                      kms:
                        endpoint: https://kms.local
            cluster:
              apiServer:
                disablePodSecurityPolicy: true
                auditPolicy:
                  apiVersion: audit.k8s.io/v1
                  kind: Policy
                  anything: goes
                extraArgs:
                  feature-gates: A=true
              etcd:
                extraArgs:
                  listen-metrics-urls: http://0.0.0.0:2381
            """;
        foreach (var target in new[] { V111, V112, V113, V114 })
        {
            Assert.Empty(Unknown(config, target));
        }
    }

    [Fact]
    public void Guide_mistakes_are_unknown_keys_at_their_paths()
    {
        const string config = """
            version: v1alpha1
            machine:
              secureboot:
                enabled: true
              systemDiskEncryption:
                state:
                  provider: luks2
                  perf:
                    pbkdf: argon2id
                  keys:
                    - slot: 0
                      tpm:
                        pcrs: [7]
                    - slot: 1
                      kms:
                        endpoint: https://kms.local
                        token: abc
            """;
        Assert.Equal(
            ["machine.secureboot", "machine.systemDiskEncryption.state.perf", "machine.systemDiskEncryption.state.keys[0].tpm.pcrs", "machine.systemDiskEncryption.state.keys[1].kms.token"],
            Unknown(config, V113));
    }

    [Fact]
    public void Fields_newer_than_the_target_are_unknown()
    {
        const string volume = """
            apiVersion: v1alpha1
            kind: VolumeConfig
            name: EPHEMERAL
            encryption:
              provider: luks2
              allowDiscards: true
              keys:
                - slot: 0
                  lockToState: true
                  tpm:
                    options:
                      pcrs: [7]
            """;
        Assert.Equal(["encryption.allowDiscards", "encryption.keys[0].tpm.options"], Unknown(volume, V111));
        Assert.Equal(["encryption.allowDiscards"], Unknown(volume, V113));
        Assert.Empty(Unknown(volume, V114));

        var unknown = TalosDocumentValidator.UnknownKeys(Yaml.File("v.yaml", volume).Documents[0], V111);
        Assert.All(unknown, u => Assert.Equal(UnknownKeyReason.NewerThanTarget, u.Reason));
        Assert.Equal(new TalosVersion(1, 12), unknown[1].Field!.FirstRelease);
    }

    [Fact]
    public void Document_kinds_newer_than_the_target_are_unknown()
    {
        const string text = "apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: true\n";
        var unknown = Assert.Single(Yaml.File("k.yaml", text).Documents.SelectMany(d => TalosDocumentValidator.UnknownKeys(d, V112)));
        Assert.Equal(UnknownKeyReason.UnknownDocumentKind, unknown.Reason);
        Assert.Equal("kind", unknown.Path);
        Assert.Empty(Unknown(text, V113));
        Assert.Equal(["kind"], Unknown("apiVersion: v1alpha1\nkind: SecureBootConfig\n", V114));
    }

    [Fact]
    public void Unknown_keys_in_multi_documents_and_list_extra_args()
    {
        const string text = """
            version: v1alpha1
            cluster:
              apiServer:
                extraArgs:
                  feature-gates: [A=true, B=false]
            ---
            apiVersion: v1alpha1
            kind: NetworkRuleConfig
            name: kubelet
            portSelector:
              ports: [10250, "2379-2380"]
              protocol: tcp
            ingress:
              - subnet: 10.0.0.0/8
                exempt: 10.1.0.0/16
            """;
        Assert.Equal(["ingress[0].exempt"], Unknown(text, V113));
    }

    [Fact]
    public void Registered_kinds_the_schema_names_differently_are_known()
    {
        Assert.Empty(Unknown("apiVersion: v1alpha1\nkind: KubeSpanEndpointsConfig\nextraAnnouncedEndpoints: [1.2.3.4:51820]\n", V111));
        Assert.Empty(Unknown("apiVersion: v1alpha1\nkind: ImageVerificationConfig\nrules:\n  - image: ghcr.io/*\n    keyless:\n      issuer: https://token.actions.githubusercontent.com\n", V113));
        Assert.Equal(["kind"], Unknown("apiVersion: v1alpha1\nkind: ImageVerificationConfig\n", V112));
    }

    [Fact]
    public void Extra_args_values_are_read_as_elements_with_their_paths()
    {
        var document = Yaml.File("c.yaml", "version: v1alpha1\ncluster:\n  apiServer:\n    extraArgs:\n      feature-gates: [A=true, B=false]\n      profiling: \"false\"\n").Documents[0];
        var args = Assert.Single(ExtraArgs.In([document]));
        Assert.Equal(KubeComponent.ApiServer, args.Component);
        Assert.Equal(["cluster.apiServer.extraArgs.feature-gates[0]", "cluster.apiServer.extraArgs.feature-gates[1]"], args.Find("feature-gates")!.Values.Select(v => v.Node.Path));
        Assert.Equal(["A=true", "B=false"], args.Find("feature-gates")!.Values.Select(v => v.Value));
        Assert.Equal("cluster.apiServer.extraArgs.profiling", Assert.Single(args.Find("profiling")!.Values).Node.Path);
    }

    [Fact]
    public void Known_kinds_follow_their_first_release()
    {
        Assert.True(TalosModel.IsKnownKind("VolumeConfig", V111));
        Assert.False(TalosModel.IsKnownKind("KubeEtcdEncryptionConfig", V113));
        Assert.True(TalosModel.IsKnownKind("KubeEtcdEncryptionConfig", V114));
        Assert.False(TalosModel.IsKnownKind("NoSuchConfig", V114));
    }
}
