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
