using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model.Talos;

public class ControlPlaneViewsTests
{
    private const string Config = """
        version: v1alpha1
        machine:
          type: controlplane
          kubelet:
            image: ghcr.io/siderolabs/kubelet:v1.34.1
            extraConfig:
              readOnlyPort: 0
          sysctls:
            kernel/kptr_restrict: "1"
        cluster:
          apiServer:
            certSANs: [api.example.com]
          etcd:
            advertisedSubnets: [10.0.0.0/8]
          discovery:
            registries:
              kubernetes:
                disabled: false
        ---
        apiVersion: v1alpha1
        kind: KubeAPIServerConfig
        image: registry.k8s.io/kube-apiserver:v1.34.1
        certExtraSANs: [api2.example.com]
        extraArgs:
          profiling: "true"
        ---
        apiVersion: v1alpha1
        kind: KubeletConfig
        config:
          readOnlyPort: 10255
        defaultRuntimeSeccompProfileEnabled: true
        ---
        apiVersion: v1alpha1
        kind: SysctlConfig
        params:
          vm.unprivileged_userfaultfd: "1"
        ---
        apiVersion: v1alpha1
        kind: DiscoveryServiceConfig
        name: service
        endpoint: https://discovery.example.com/
        """;

    private static TalosConfigFile File(string text) => Yaml.Model(("input.yaml", text)).TalosFiles[0];

    [Fact]
    public void Component_settings_read_the_main_section_then_the_split_document_with_positions()
    {
        var file = File(Config);
        var api = ApiServerSettings.Of(file);

        Assert.Equal(["cluster.apiServer.certSANs", "certExtraSANs"], api.CertSans.Select(s => s.Node.Path));
        Assert.Equal([0, 1], api.CertSans.Select(s => s.Document.Index));
        Assert.Equal("registry.k8s.io/kube-apiserver:v1.34.1", Assert.Single(api.Images).Text);
        var (document, arg) = Assert.Single(api.ArgValues("profiling"));
        Assert.Equal((1, 25), (document.Index, arg.Node.Start.Line));

        var kubelet = KubeletSettings.Of(file);
        Assert.Equal(["machine.kubelet.extraConfig", "config"], kubelet.Configs.Select(c => c.Node.Path));
        Assert.Equal([true], kubelet.SeccompDefault.Select(s => s.Node.AsBool()));
        Assert.Equal("cluster.etcd.advertisedSubnets", Assert.Single(EtcdSettings.Of(file).AdvertisedSubnets).Node.Path);
    }

    [Fact]
    public void Sysctls_come_from_machine_sysctls_and_SysctlConfig_with_dotted_names()
    {
        var entries = SysctlSettings.Of(File(Config)).Entries;

        Assert.Equal(["kernel.kptr_restrict", "vm.unprivileged_userfaultfd"], entries.Select(e => e.Name));
        Assert.Equal([9, 36], entries.Select(e => e.Value.Start.Line));
    }

    [Fact]
    public void Discovery_reads_the_registries_and_the_v1_14_service_document()
    {
        var discovery = DiscoverySettings.Of(File(Config));

        Assert.Equal(false, Assert.Single(discovery.KubernetesRegistryDisabled).Node.AsBool());
        Assert.Equal("https://discovery.example.com/", Assert.Single(discovery.ServiceEndpoints).Text);
    }

    [Fact]
    public void A_bare_patch_is_read_like_a_full_config()
    {
        var file = File("cluster:\n  controllerManager:\n    extraArgs:\n      profiling: \"true\"\nmachine:\n  sysctls:\n    kernel.yama.ptrace_scope: \"0\"\n");

        Assert.False(file.IsComplete);
        Assert.Equal("cluster.controllerManager.extraArgs.profiling", Assert.Single(ControllerManagerSettings.Of(file).ArgValues("profiling")).Arg.Node.Path);
        Assert.Equal("kernel.yama.ptrace_scope", Assert.Single(SysctlSettings.Of(file).Entries).Name);
        Assert.Empty(SchedulerSettings.Of(file).ExtraArgs);
    }

    [Fact]
    public void Encryption_secrets_ignore_empty_values_and_find_the_v1_14_document()
    {
        var settings = SecretsEncryptionSettings.Of(File(
            "version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  secretboxEncryptionSecret: \"\"\n  aescbcEncryptionSecret: c2VjcmV0\n---\napiVersion: v1alpha1\nkind: KubeEtcdEncryptionConfig\nconfig:\n  resources: []\n"));

        Assert.Empty(settings.SecretboxSecrets);
        Assert.Equal("cluster.aescbcEncryptionSecret", Assert.Single(settings.AescbcSecrets).Node.Path);
        Assert.True(settings.HasEncryptionDocument);
        Assert.Single(settings.EncryptionConfigurations);
    }

    [Fact]
    public void Selinux_settings_see_enforcing_in_any_argument_and_a_secure_boot_installer()
    {
        var settings = SelinuxSettings.Of(File("machine:\n  install:\n    image: factory.talos.dev/installer-secureboot/abc:v1.13.4\n    extraKernelArgs: [\"console=ttyS0 enforcing=1\"]\n"));

        Assert.True(settings.KernelArgsEnforce);
        Assert.True(settings.BootsUki);
        Assert.True(SelinuxSettings.KernelArgsDocumentedIn(new TalosVersion(1, 11)));
        Assert.False(SelinuxSettings.KernelArgsDocumentedIn(new TalosVersion(1, 12)));
    }
}
