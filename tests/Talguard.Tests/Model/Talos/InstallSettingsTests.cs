using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model.Talos;

public sealed class InstallSettingsTests
{
    private static InstallSettings Of(string text) => InstallSettings.Of(Assert.Single(Yaml.Model(("in.yaml", text)).TalosFiles));

    [Fact]
    public void Machine_install_of_a_bare_patch_gives_image_disk_and_kernel_args_with_their_lines()
    {
        var install = Of("""
            machine:
              install:
                disk: /dev/sda
                image: ghcr.io/siderolabs/installer:v1.13.4
                extraKernelArgs: [console=ttyS0]
            """);
        Assert.Equal("ghcr.io/siderolabs/installer:v1.13.4", install.Image!.Text);
        Assert.Equal(4, install.Image.Node.Start.Line);
        Assert.False(install.Image.IsUnattendedInstall);
        Assert.Equal("/dev/sda", install.Disk!.Text);
        Assert.True(install.ExtraKernelArgs!.Node.IsSequence);
    }

    [Theory]
    [InlineData("UnattendedInstallConfig")]
    [InlineData("UnattendedInstall")]
    public void A_v1_14_unattended_install_document_gives_the_image_when_machine_install_has_none(string kind)
    {
        var install = Of($"""
            version: v1alpha1
            machine:
              type: worker
              install:
                image: "  "
            ---
            apiVersion: v1alpha1
            kind: {kind}
            installer:
              image: factory.talos.dev/installer-secureboot/abc:v1.14.0
            """);
        Assert.True(install.Image!.IsUnattendedInstall);
        Assert.Equal(1, install.Image.Document.Index);
        Assert.Equal(10, install.Image.Node.Start.Line);
    }

    [Fact]
    public void A_missing_image_points_at_machine_install_of_a_config()
    {
        var install = Of("""
            version: v1alpha1
            machine:
              type: worker
              install:
                disk: /dev/sda
            """);
        Assert.Null(install.Image);
        var (document, nearest) = install.ImageNearest;
        Assert.Equal(0, document.Index);
        Assert.Equal("install", nearest!.KeyInParent);
    }
}
