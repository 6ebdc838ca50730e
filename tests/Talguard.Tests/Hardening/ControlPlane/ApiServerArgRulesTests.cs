using Talguard.Findings;
using Talguard.Hardening.ControlPlane;
using static Talguard.Tests.Hardening.ControlPlane.ControlPlaneTestConfigs;
using static Talguard.Tests.Support.Yaml;

namespace Talguard.Tests.Hardening.ControlPlane;

public class ApiServerArgRulesTests
{
    [Fact]
    public void Anonymous_auth_true_fires_at_the_arg_with_a_patch()
    {
        var finding = Assert.Single(Check(new ApiServerAnonymousAuthRule(), Cluster("  apiServer:\n    extraArgs:\n      anonymous-auth: \"true\"\n")));

        Assert.Equal("TG-K8S-001", finding.RuleId);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal("cluster.apiServer.extraArgs.anonymous-auth", finding.Location.Path);
        Assert.Equal(7, finding.Location.Line);
        Assert.Equal("cluster:\n  apiServer:\n    extraArgs:\n      anonymous-auth: \"false\"\n", finding.Patch);
    }

    [Fact]
    public void Anonymous_auth_in_list_form_fires_per_true_element()
    {
        var finding = Assert.Single(Check(new ApiServerAnonymousAuthRule(), Cluster("  apiServer:\n    extraArgs:\n      anonymous-auth:\n        - \"false\"\n        - \"1\"\n")));

        Assert.Equal("cluster.apiServer.extraArgs.anonymous-auth[1]", finding.Location.Path);
        Assert.Equal(9, finding.Location.Line);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("\"0\"")]
    public void Anonymous_auth_off_does_not_fire(string value) =>
        Assert.Empty(Check(new ApiServerAnonymousAuthRule(), Cluster($"  apiServer:\n    extraArgs:\n      anonymous-auth: {value}\n")));

    [Fact]
    public void Kubelet_anonymous_auth_is_not_the_api_server_rule() =>
        Assert.Empty(Check(new ApiServerAnonymousAuthRule(), Machine("  kubelet:\n    extraArgs:\n      anonymous-auth: \"true\"\n")));

    [Fact]
    public void Profiling_fires_on_each_control_plane_component()
    {
        var findings = Check(new ProfilingRule(), Cluster(
            "  apiServer:\n    extraArgs:\n      profiling: \"true\"\n" +
            "  controllerManager:\n    extraArgs:\n      profiling: [\"true\"]\n" +
            "  scheduler:\n    extraArgs:\n      profiling: \"false\"\n"));

        Assert.Equal(["cluster.apiServer.extraArgs.profiling", "cluster.controllerManager.extraArgs.profiling[0]"], findings.Select(f => f.Location.Path));
        Assert.All(findings, f => Assert.Equal(Severity.Medium, f.Severity));
    }

    [Fact]
    public void AlwaysAllow_in_authorization_mode_is_critical_and_the_patch_keeps_the_other_modes()
    {
        var finding = Assert.Single(Check(new AlwaysAllowAuthorizationRule(), Cluster("  apiServer:\n    extraArgs:\n      authorization-mode: Node,RBAC,AlwaysAllow\n")));

        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("cluster.apiServer.extraArgs.authorization-mode", finding.Location.Path);
        Assert.Contains("authorization-mode: \"Node,RBAC\"", finding.Patch, StringComparison.Ordinal);
    }

    [Fact]
    public void AlwaysAllow_on_the_kubelet_fires_in_list_form()
    {
        var finding = Assert.Single(Check(new AlwaysAllowAuthorizationRule(), Machine("  kubelet:\n    extraArgs:\n      authorization-mode:\n        - AlwaysAllow\n")));

        Assert.Equal("machine.kubelet.extraArgs.authorization-mode[0]", finding.Location.Path);
        Assert.Contains("authorization-mode: \"Webhook\"", finding.Patch, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorization_mode_without_AlwaysAllow_does_not_fire() =>
        Assert.Empty(Check(new AlwaysAllowAuthorizationRule(), Cluster("  apiServer:\n    extraArgs:\n      authorization-mode: Node,RBAC,Webhook\n")));

    [Theory]
    [InlineData("enable-admission-plugins: AlwaysAdmit", "cluster.apiServer.extraArgs.enable-admission-plugins")]
    [InlineData("disable-admission-plugins: NodeRestriction", "cluster.apiServer.extraArgs.disable-admission-plugins")]
    [InlineData("disable-admission-plugins: [\"DefaultStorageClass\", \"PodSecurity\"]", "cluster.apiServer.extraArgs.disable-admission-plugins[1]")]
    public void Weakened_admission_plugins_fire(string arg, string path)
    {
        var finding = Assert.Single(Check(new AdmissionPluginsRule(), Cluster($"  apiServer:\n    extraArgs:\n      {arg}\n")));

        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal(path, finding.Location.Path);
    }

    [Fact]
    public void Harmless_admission_plugin_lists_do_not_fire() =>
        Assert.Empty(Check(new AdmissionPluginsRule(), Cluster(
            "  apiServer:\n    extraArgs:\n      enable-admission-plugins: NodeRestriction,EventRateLimit\n      disable-admission-plugins: DefaultStorageClass\n")));

    [Fact]
    public void The_patch_drops_the_forbidden_plugin_only()
    {
        var finding = Assert.Single(Check(new AdmissionPluginsRule(), Cluster("  apiServer:\n    extraArgs:\n      disable-admission-plugins: DefaultStorageClass,NodeRestriction\n")));

        Assert.Contains("disable-admission-plugins: \"DefaultStorageClass\"", finding.Patch, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v1_14_KubeAPIServerConfig_in_a_patch_file_is_checked_too()
    {
        var finding = Assert.Single(Check(new ApiServerAnonymousAuthRule(), ("patch.yaml", "apiVersion: v1alpha1\nkind: KubeAPIServerConfig\nextraArgs:\n  anonymous-auth: \"true\"\n")));

        Assert.Equal("extraArgs.anonymous-auth", finding.Location.Path);
        Assert.Equal("KubeAPIServerConfig", finding.Location.Kind);
        Assert.Equal("apiVersion: v1alpha1\nkind: KubeAPIServerConfig\nextraArgs:\n  anonymous-auth: \"false\"\n", finding.Patch);
    }
}
