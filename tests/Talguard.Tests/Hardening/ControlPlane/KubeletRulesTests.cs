using Talguard.Findings;
using Talguard.Hardening.ControlPlane;
using static Talguard.Tests.Hardening.ControlPlane.ControlPlaneTestConfigs;
using static Talguard.Tests.Support.Yaml;

namespace Talguard.Tests.Hardening.ControlPlane;

public class KubeletRulesTests
{
    [Fact]
    public void Read_only_port_and_anonymous_auth_fire_in_every_form()
    {
        var findings = Check(new KubeletAccessRule(), Machine(
            "  kubelet:\n    extraArgs:\n      read-only-port: \"10255\"\n      anonymous-auth: [\"true\"]\n" +
            "    extraConfig:\n      readOnlyPort: 10255\n      authentication:\n        anonymous:\n          enabled: true\n", "worker"));

        Assert.Equal(
            [
                "machine.kubelet.extraArgs.read-only-port", "machine.kubelet.extraArgs.anonymous-auth[0]",
                "machine.kubelet.extraConfig.readOnlyPort", "machine.kubelet.extraConfig.authentication.anonymous.enabled",
            ],
            findings.Select(f => f.Location.Path));
        Assert.Equal([6, 7, 9, 12], findings.Select(f => f.Location.Line));
        Assert.All(findings, f => Assert.Equal(Severity.High, f.Severity));
        Assert.Equal("machine:\n  kubelet:\n    extraConfig:\n      readOnlyPort:\n        $patch: delete\n", findings[2].Patch);
        Assert.Equal("machine:\n  kubelet:\n    extraConfig:\n      authentication:\n        anonymous:\n          enabled:\n            $patch: delete\n", findings[3].Patch);
    }

    [Fact]
    public void Closed_ports_and_disabled_anonymous_auth_do_not_fire() =>
        Assert.Empty(Check(new KubeletAccessRule(), Machine(
            "  kubelet:\n    extraArgs:\n      read-only-port: \"0\"\n      anonymous-auth: \"false\"\n    extraConfig:\n      readOnlyPort: 0\n")));

    [Fact]
    public void Missing_seccomp_default_fires_where_the_field_belongs()
    {
        var finding = Assert.Single(Check(new SeccompDefaultRule(), Machine("  kubelet:\n    image: ghcr.io/siderolabs/kubelet:v1.34.1\n")));

        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal("machine.kubelet.defaultRuntimeSeccompProfileEnabled", finding.Location.Path);
        Assert.Equal("machine:\n  kubelet:\n    defaultRuntimeSeccompProfileEnabled: true\n", finding.Patch);
    }

    [Fact]
    public void Seccomp_default_false_fires_at_the_field()
    {
        var finding = Assert.Single(Check(new SeccompDefaultRule(), Machine("  kubelet:\n    defaultRuntimeSeccompProfileEnabled: false\n", "worker")));

        Assert.Equal(5, finding.Location.Line);
        Assert.Equal("machine.kubelet.defaultRuntimeSeccompProfileEnabled", finding.Location.Path);
    }

    [Fact]
    public void Seccomp_default_true_does_not_fire() =>
        Assert.Empty(Check(new SeccompDefaultRule(), Machine("  kubelet:\n    defaultRuntimeSeccompProfileEnabled: true\n")));

    [Fact]
    public void Seccomp_default_is_not_required_of_a_patch_file() =>
        Assert.Empty(Check(new SeccompDefaultRule(), ("patch.yaml", "apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\n")));

    [Fact]
    public void Seccomp_default_in_a_v1_14_KubeletConfig_counts_and_false_there_is_reported_there()
    {
        var main = "version: v1alpha1\nmachine:\n  type: worker\n---\napiVersion: v1alpha1\nkind: KubeletConfig\n";
        Assert.Empty(Check(new SeccompDefaultRule(), ("node.yaml", main + "defaultRuntimeSeccompProfileEnabled: true\n")));

        var finding = Assert.Single(Check(new SeccompDefaultRule(), ("node.yaml", main + "defaultRuntimeSeccompProfileEnabled: false\n")));
        Assert.Equal(1, finding.Location.Document);
        Assert.Equal("defaultRuntimeSeccompProfileEnabled", finding.Location.Path);
        Assert.Equal("apiVersion: v1alpha1\nkind: KubeletConfig\ndefaultRuntimeSeccompProfileEnabled: true\n", finding.Patch);
    }
}
