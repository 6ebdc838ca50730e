using Talguard.Findings;
using Talguard.Hardening.ControlPlane;
using static Talguard.Tests.Hardening.ControlPlane.ControlPlaneTestConfigs;
using static Talguard.Tests.Support.Yaml;

namespace Talguard.Tests.Hardening.ControlPlane;

public class KernelAndClusterRulesTests
{
    [Theory]
    [InlineData("kernel.kptr_restrict", "1")]
    [InlineData("kernel.dmesg_restrict", "0")]
    [InlineData("kernel.unprivileged_bpf_disabled", "0")]
    [InlineData("net.core.bpf_jit_harden", "1")]
    [InlineData("kernel.yama.ptrace_scope", "1")]
    [InlineData("kernel.perf_event_paranoid", "2")]
    [InlineData("kernel.randomize_va_space", "1")]
    [InlineData("fs.protected_regular", "1")]
    [InlineData("fs.protected_symlinks", "0")]
    [InlineData("fs.suid_dumpable", "2")]
    [InlineData("dev.tty.ldisc_autoload", "1")]
    [InlineData("dev.tty.legacy_tiocsti", "1")]
    [InlineData("vm.unprivileged_userfaultfd", "1")]
    public void Weakened_kspp_sysctls_fire_at_the_sysctl(string name, string value)
    {
        var finding = Assert.Single(Check(new KernelSysctlRule(), Machine($"  sysctls:\n    {name}: \"{value}\"\n", "worker")));

        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal($"machine.sysctls[\"{name}\"]", finding.Location.Path);
        Assert.Equal(5, finding.Location.Line);
        Assert.StartsWith($"machine:\n  sysctls:\n    {name}: \"", finding.Patch, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kernel.kptr_restrict", "2")]
    [InlineData("kernel.yama.ptrace_scope", "3")]
    [InlineData("kernel.unprivileged_bpf_disabled", "2")]
    [InlineData("fs.suid_dumpable", "0")]
    [InlineData("net.ipv4.ip_forward", "1")]
    public void Kspp_values_and_unrelated_sysctls_do_not_fire(string name, string value) =>
        Assert.Empty(Check(new KernelSysctlRule(), Machine($"  sysctls:\n    {name}: \"{value}\"\n")));

    [Fact]
    public void User_namespaces_are_info_and_slash_keys_are_understood()
    {
        var findings = Check(new KernelSysctlRule(), Machine("  sysctls:\n    user.max_user_namespaces: \"11255\"\n    kernel/kptr_restrict: \"0\"\n"));

        Assert.Equal([Severity.Info, Severity.Medium], findings.Select(f => f.Severity));
        Assert.Equal("machine.sysctls.kernel/kptr_restrict", findings[1].Location.Path);
    }

    [Fact]
    public void Selinux_info_fires_where_extraKernelArgs_belongs_and_names_the_schematic()
    {
        var finding = Assert.Single(Check(new SelinuxEnforcingRule(), Machine("  install:\n    image: factory.talos.dev/installer-secureboot/abc:v1.13.4\n")));

        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Equal("machine.install.extraKernelArgs", finding.Location.Path);
        Assert.Contains("schematic", finding.Message, StringComparison.Ordinal);
        Assert.Contains("ignores machine.install.extraKernelArgs", finding.Message, StringComparison.Ordinal);
        Assert.Null(finding.Patch);
    }

    [Fact]
    public void Selinux_info_offers_the_grub_patch_before_v1_12()
    {
        var finding = Assert.Single(Check(new SelinuxEnforcingRule(), Machine("  install:\n    image: ghcr.io/siderolabs/installer:v1.11.5\n    extraKernelArgs:\n      - console=ttyS0\n")));

        Assert.Equal(7, finding.Location.Line);
        Assert.Contains("GRUB", finding.Message, StringComparison.Ordinal);
        Assert.Equal("machine:\n  install:\n    extraKernelArgs:\n      - enforcing=1\n", finding.Patch);
    }

    [Fact]
    public void Selinux_info_is_silent_with_enforcing_or_before_v1_10()
    {
        Assert.Empty(Check(new SelinuxEnforcingRule(), Machine("  install:\n    extraKernelArgs: [enforcing=1]\n")));
        Assert.Empty(Check(new SelinuxEnforcingRule(), Machine("  install:\n    image: ghcr.io/siderolabs/installer:v1.9.5\n")));
    }

    [Fact]
    public void Kubernetes_discovery_registry_enabled_fires()
    {
        var finding = Assert.Single(Check(new KubernetesDiscoveryRegistryRule(), Cluster("  discovery:\n    registries:\n      kubernetes:\n        disabled: false\n")));

        Assert.Equal(Severity.Low, finding.Severity);
        Assert.Equal("cluster.discovery.registries.kubernetes.disabled", finding.Location.Path);
        Assert.Equal(8, finding.Location.Line);
        Assert.Equal("cluster:\n  discovery:\n    registries:\n      kubernetes:\n        disabled: true\n", finding.Patch);
    }

    [Fact]
    public void Kubernetes_discovery_registry_disabled_does_not_fire() =>
        Assert.Empty(Check(new KubernetesDiscoveryRegistryRule(), Cluster("  discovery:\n    registries:\n      kubernetes:\n        disabled: true\n")));
}
