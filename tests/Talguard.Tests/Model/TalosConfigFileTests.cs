using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model;

public sealed class TalosConfigFileTests
{
    private static TalosConfigFile Load(string text, TargetOverrides? overrides = null) =>
        new ClusterModel([Yaml.File("node.yaml", text)], overrides).TalosFiles.Single();

    [Theory]
    [InlineData("ghcr.io/siderolabs/installer:v1.12.4", 1, 12)]
    [InlineData("factory.talos.dev/installer-secureboot/abc123:v1.11.0", 1, 11)]
    [InlineData("ghcr.io/siderolabs/installer:v1.14.0-rc.1", 1, 14)]
    [InlineData("registry.local:5000/installer:v1.12", 1, 12)]
    [InlineData("ghcr.io/siderolabs/installer:v1.12.4@sha256:0123456789abcdef", 1, 12)]
    [InlineData("ghcr.io/siderolabs/installer:latest", 1, 13)]
    [InlineData("ghcr.io/siderolabs/installer:1.12.4", 1, 13)]
    [InlineData("ghcr.io/siderolabs/installer", 1, 13)]
    [InlineData("ghcr.io/siderolabs/installer@sha256:0123456789abcdef", 1, 13)]
    public void Talos_target_comes_from_the_install_image_tag_else_v1_13(string image, int major, int minor)
    {
        var file = Load($"version: v1alpha1\nmachine:\n  install:\n    image: {image}\n");
        Assert.Equal(new TalosVersion(major, minor), file.TalosVersion);
    }

    [Fact]
    public void Extension_manifests_are_not_machine_configs()
    {
        var file = Yaml.File("manifest.yaml", "version: v1alpha1\nmetadata:\n  name: my-module\n  version: 0.1\n");
        Assert.Equal(DocumentClass.Unknown, file.Documents[0].Class);
        Assert.Equal(DocumentClass.TalosMachineConfig, Yaml.File("c.yaml", "version: v1alpha1\ncluster:\n  clusterName: c\n").Documents[0].Class);
    }

    [Fact]
    public void Talos_version_flag_wins_over_the_image_tag()
    {
        var file = Load("version: v1alpha1\nmachine:\n  install:\n    image: ghcr.io/siderolabs/installer:v1.12.4\n", new TargetOverrides(TalosVersion: new(1, 11)));
        Assert.Equal(new TalosVersion(1, 11), file.TalosVersion);
    }

    [Fact]
    public void Without_a_main_document_the_target_is_the_default()
    {
        var file = Load("apiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\n");
        Assert.Equal(NodeRole.Patch, file.Role);
        Assert.Equal(new TalosVersion(1, 13), file.TalosVersion);
        Assert.Equal(new TalosVersion(1, 34), file.KubernetesVersion);
    }

    [Theory]
    [InlineData("cluster:\n  apiServer:\n    image: registry.k8s.io/kube-apiserver:v1.30.2\nmachine:\n  kubelet:\n    image: ghcr.io/siderolabs/kubelet:v1.29.0\n", 1, 30)]
    [InlineData("cluster:\n  apiServer:\n    image: registry.k8s.io/kube-apiserver:latest\nmachine:\n  kubelet:\n    image: ghcr.io/siderolabs/kubelet:v1.29.0\n", 1, 29)]
    [InlineData("machine:\n  kubelet:\n    image: ghcr.io/siderolabs/kubelet:v1.27.3\n", 1, 27)]
    [InlineData("machine:\n  kubelet:\n    image: ghcr.io/siderolabs/kubelet:1.27.3\n", 1, 34)]
    [InlineData("machine:\n  type: worker\n", 1, 34)]
    public void Kubernetes_target_comes_from_apiserver_then_kubelet_image_else_v1_34(string body, int major, int minor)
    {
        var file = Load("version: v1alpha1\n" + body);
        Assert.Equal(new TalosVersion(major, minor), file.KubernetesVersion);
    }

    [Fact]
    public void Kubernetes_version_flag_wins_over_the_images()
    {
        var file = Load("version: v1alpha1\ncluster:\n  apiServer:\n    image: registry.k8s.io/kube-apiserver:v1.30.2\n", new TargetOverrides(KubernetesVersion: new(1, 27)));
        Assert.Equal(new TalosVersion(1, 27), file.KubernetesVersion);
    }

    [Fact]
    public void Talos_target_comes_from_a_bare_patch_own_install_image()
    {
        var file = Load("machine:\n  install:\n    image: factory.talos.dev/installer/abc:v1.12.3\n");
        Assert.Equal(NodeRole.Patch, file.Role);
        Assert.Equal((new TalosVersion(1, 12), "install image factory.talos.dev/installer/abc:v1.12.3"), (file.TalosVersion, file.TalosEvidence));
    }

    [Fact]
    public void Talos_target_comes_from_the_unattended_install_document_of_that_exact_kind()
    {
        const string Document = "apiVersion: v1alpha1\nkind: UnattendedInstallConfig\ninstaller:\n  image: factory.talos.dev/metal-installer/abc:v1.15.1\n";
        var file = Load(Document);
        Assert.Equal((new TalosVersion(1, 15), "UnattendedInstallConfig installer.image factory.talos.dev/metal-installer/abc:v1.15.1"), (file.TalosVersion, file.TalosEvidence));

        // The schemas' name for the kind is not one Talos reads: its image says nothing, the kind is unknown (TG-CONF-001).
        Assert.Equal("default", Load(Document.Replace("UnattendedInstallConfig", "UnattendedInstall", StringComparison.Ordinal)).TalosEvidence);
    }

    [Fact]
    public void Without_an_image_v1_14_documents_make_the_target_v1_14()
    {
        var file = Load("version: v1alpha1\nmachine:\n  type: worker\n---\napiVersion: v1alpha1\nkind: SysctlConfig\nparams: {}\n"
            + "---\napiVersion: v1alpha1\nkind: KubeletConfig\nimage: ghcr.io/siderolabs/kubelet:v1.36.0\n");
        Assert.Equal((new TalosVersion(1, 14), "v1.14 document kinds (SysctlConfig, KubeletConfig)"), (file.TalosVersion, file.TalosEvidence));
        Assert.Equal((new TalosVersion(1, 36), "KubeletConfig image ghcr.io/siderolabs/kubelet:v1.36.0"), (file.KubernetesVersion, file.KubernetesEvidence));
    }

    [Fact]
    public void A_v1_14_key_in_an_older_document_kind_makes_the_target_v1_14()
    {
        var file = Load("apiVersion: v1alpha1\nkind: ResolverConfig\nhostDNS:\n  enabled: true\n");
        Assert.Equal((new TalosVersion(1, 14), "v1.14 field (ResolverConfig hostDNS)"), (file.TalosVersion, file.TalosEvidence));
    }

    [Fact]
    public void Kinds_older_than_the_default_keep_the_default()
    {
        var file = Load("version: v1alpha1\nmachine:\n  install:\n    grubUseUKICmdline: true\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n");
        Assert.Equal((new TalosVersion(1, 13), "default"), (file.TalosVersion, file.TalosEvidence));
    }

    [Fact]
    public void An_image_older_than_the_documents_wins_and_the_conflict_is_kept()
    {
        var file = Load("version: v1alpha1\nmachine:\n  install:\n    image: ghcr.io/siderolabs/installer:v1.13.2\n---\napiVersion: v1alpha1\nkind: KubeletConfig\n");
        Assert.Equal(new TalosVersion(1, 13), file.TalosVersion);
        Assert.Equal((new TalosVersion(1, 13), new TalosVersion(1, 14)), (file.TargetConflict!.ImageRelease, file.TargetConflict.Content.Release));
        Assert.Null(Load("version: v1alpha1\nmachine:\n  install:\n    image: ghcr.io/siderolabs/installer:v1.13.2\n").TargetConflict);
    }

    [Fact]
    public void Kubernetes_target_reads_the_v1_14_api_server_document_before_the_kubelet()
    {
        var file = Load("apiVersion: v1alpha1\nkind: KubeletConfig\nimage: ghcr.io/siderolabs/kubelet:v1.36.0\n"
            + "---\napiVersion: v1alpha1\nkind: KubeAPIServerConfig\nimage: registry.k8s.io/kube-apiserver:v1.37.1\n");
        Assert.Equal((new TalosVersion(1, 37), "KubeAPIServerConfig image registry.k8s.io/kube-apiserver:v1.37.1"), (file.KubernetesVersion, file.KubernetesEvidence));
        Assert.Equal("--kubernetes-version", Load("apiVersion: v1alpha1\nkind: KubeletConfig\n", new TargetOverrides(KubernetesVersion: new(1, 30))).KubernetesEvidence);
    }

    [Fact]
    public void Scan_reports_the_detected_targets()
    {
        var directory = Directory.CreateTempSubdirectory("talguard-model-");
        try
        {
            var path = Path.Combine(directory.FullName, "node.yaml");
            File.WriteAllText(path, "version: v1alpha1\nmachine:\n  install:\n    image: ghcr.io/siderolabs/installer:v1.12.4\n  kubelet:\n    image: ghcr.io/siderolabs/kubelet:v1.31.1\n");
            var outcome = Support.Cli.Run("scan", "--format", "json", "--fail-on", "critical", path);
            Assert.Contains("\"talosVersion\": \"v1.12\"", outcome.Stdout, StringComparison.Ordinal);
            Assert.Contains("\"kubernetesVersion\": \"v1.31\"", outcome.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
