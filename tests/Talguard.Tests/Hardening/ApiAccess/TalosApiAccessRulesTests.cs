using Talguard.Findings;
using Talguard.Hardening.ApiAccess;
using static Talguard.Tests.Support.Yaml;

namespace Talguard.Tests.Hardening.ApiAccess;

public class TalosApiAccessRulesTests
{
    private static (string, string) Config(string image, string features) =>
        ("cp.yaml", $"version: v1alpha1\nmachine:\n  type: controlplane\n  install:\n    image: {image}\n  features:\n{features}");

    [Fact]
    public void Rbac_false_before_v1_12_is_high_at_the_field()
    {
        var finding = Assert.Single(Check(new TalosApiRbacRule(), Config("ghcr.io/siderolabs/installer:v1.11.5", "    rbac: false\n")));

        Assert.Equal("TG-ACC-001", finding.RuleId);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal("machine.features.rbac", finding.Location.Path);
        Assert.Equal(7, finding.Location.Line);
        Assert.Equal("machine:\n  features:\n    rbac: true\n", finding.Patch);
    }

    [Fact]
    public void Rbac_false_is_ignored_from_v1_12_and_rbac_true_never_fires()
    {
        Assert.Empty(Check(new TalosApiRbacRule(), Config("ghcr.io/siderolabs/installer:v1.12.4", "    rbac: false\n")));
        Assert.Empty(Check(new TalosApiRbacRule(), Config("ghcr.io/siderolabs/installer:v1.11.5", "    rbac: true\n")));
    }

    [Fact]
    public void Rbac_false_follows_the_talos_version_override()
    {
        var options = new ScanOptions { Targets = new(new(1, 10)) };
        Assert.Single(Check(new TalosApiRbacRule(), options, Config("ghcr.io/siderolabs/installer:v1.13.0", "    rbac: false\n")));
    }

    [Fact]
    public void Ext_key_usage_check_off_before_v1_12_is_medium()
    {
        var finding = Assert.Single(Check(new ApidExtKeyUsageRule(), Config("ghcr.io/siderolabs/installer:v1.10.7", "    apidCheckExtKeyUsage: false\n")));

        Assert.Equal("TG-ACC-002", finding.RuleId);
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal("machine.features.apidCheckExtKeyUsage", finding.Location.Path);
    }

    [Fact]
    public void Ext_key_usage_check_off_is_ignored_from_v1_12() =>
        Assert.Empty(Check(new ApidExtKeyUsageRule(), Config("ghcr.io/siderolabs/installer:v1.13.2", "    apidCheckExtKeyUsage: false\n")));

    [Fact]
    public void Os_admin_for_pods_fires_at_the_role()
    {
        var finding = Assert.Single(Check(new PodTalosAdminRule(), Config("ghcr.io/siderolabs/installer:v1.13.2",
            "    kubernetesTalosAPIAccess:\n      enabled: true\n      allowedRoles:\n        - os:reader\n        - os:admin\n")));

        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal("machine.features.kubernetesTalosAPIAccess.allowedRoles[1]", finding.Location.Path);
        Assert.Equal(11, finding.Location.Line);
        Assert.Equal("- op: remove\n  path: /machine/features/kubernetesTalosAPIAccess/allowedRoles/1\n", finding.Patch);
    }

    [Fact]
    public void Os_admin_while_access_is_disabled_or_reader_only_does_not_fire()
    {
        Assert.Empty(Check(new PodTalosAdminRule(), Config("ghcr.io/siderolabs/installer:v1.13.2",
            "    kubernetesTalosAPIAccess:\n      enabled: false\n      allowedRoles: [os:admin]\n")));
        Assert.Empty(Check(new PodTalosAdminRule(), Config("ghcr.io/siderolabs/installer:v1.13.2",
            "    kubernetesTalosAPIAccess:\n      enabled: true\n      allowedRoles: [os:reader]\n")));
    }
}
