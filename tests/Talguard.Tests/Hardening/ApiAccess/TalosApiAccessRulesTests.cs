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

    [Fact]
    public void Os_admin_for_pods_in_a_bare_patch_fires_as_in_a_full_config()
    {
        const string patch = "machine:\n  features:\n    kubernetesTalosAPIAccess:\n      enabled: true\n      allowedRoles:\n        - os:admin\n";
        var finding = Assert.Single(Check(new PodTalosAdminRule(), ("patch.yaml", patch)));

        Assert.Equal("machine.features.kubernetesTalosAPIAccess.allowedRoles[0]", finding.Location.Path);
        Assert.Equal(6, finding.Location.Line);
        Assert.Equal("- op: remove\n  path: /machine/features/kubernetesTalosAPIAccess/allowedRoles/0\n", finding.Patch);
    }

    [Fact]
    public void Os_admin_in_a_patch_that_leaves_enabled_to_the_base_fires_unless_the_patch_disables_it()
    {
        Assert.Single(Check(new PodTalosAdminRule(), ("patch.yaml", "machine:\n  features:\n    kubernetesTalosAPIAccess:\n      allowedRoles: [os:admin]\n")));
        Assert.Empty(Check(new PodTalosAdminRule(), ("patch.yaml", "machine:\n  features:\n    kubernetesTalosAPIAccess:\n      enabled: false\n      allowedRoles: [os:admin]\n")));
    }

    [Fact]
    public void Os_admin_in_the_v1_14_document_fires_in_a_config_and_in_a_patch()
    {
        const string document = "apiVersion: v1alpha1\nkind: KubeTalosAPIAccessConfig\nallowedRoles:\n  - os:reader\n  - os:admin\nallowedKubernetesNamespaces: [kube-system]\n";
        var (name, config) = Config("ghcr.io/siderolabs/installer:v1.14.0", "    diskQuotaSupport: true\n");
        var inConfig = Assert.Single(Check(new PodTalosAdminRule(), (name, config + "---\n" + document)));
        Assert.Equal("allowedRoles[1]", inConfig.Location.Path);
        Assert.Null(inConfig.Patch);
        Assert.Equal("allowedRoles[1]", Assert.Single(Check(new PodTalosAdminRule(), ("patch.yaml", document))).Location.Path);
    }

    [Fact]
    public void Rbac_false_in_a_bare_patch_fires_for_the_target_version()
    {
        const string patch = "machine:\n  features:\n    rbac: false\n    apidCheckExtKeyUsage: false\n";
        var options = new ScanOptions { Targets = new(new(1, 11)) };
        var rbac = Assert.Single(Check(new TalosApiRbacRule(), options, ("patch.yaml", patch)));
        Assert.Equal("machine.features.rbac", rbac.Location.Path);
        Assert.Equal("machine:\n  features:\n    rbac: true\n", rbac.Patch);
        Assert.Single(Check(new ApidExtKeyUsageRule(), options, ("patch.yaml", patch)));
        Assert.Empty(Check(new TalosApiRbacRule(), ("patch.yaml", patch)));
    }
}
