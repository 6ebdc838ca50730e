using Talguard.Hardening.Config;
using Talguard.Model;

namespace Talguard.Tests.Hardening.Config;

public sealed class PodSecurityFeatureGateRuleTests
{
    private const string Config = """
        version: v1alpha1
        machine:
          kubelet:
            extraArgs:
              feature-gates: PodSecurity=true
            extraConfig:
              featureGates:
                PodSecurity: true
        cluster:
          apiServer:
            extraArgs:
              feature-gates: [AnonymousAuthConfigurableEndpoints=true, PodSecurity=true]
          controllerManager:
            extraArgs:
              feature-gates: PodSecurity=true,Other=false
          scheduler:
            extraArgs:
              feature-gates: Other=true
          proxy:
            extraArgs:
              feature-gates: PodSecurity=true
        """;

    private readonly PodSecurityFeatureGateRule _rule = new();

    [Fact]
    public void Gate_fires_in_every_component_and_list_element_on_kubernetes_1_28_and_later()
    {
        var findings = ConfigRuleTestSupport.Run(_rule, Config, kubernetes: new TalosVersion(1, 28));
        Assert.Equal(
            ["machine.kubelet.extraArgs.feature-gates", "machine.kubelet.extraConfig.featureGates.PodSecurity", "cluster.apiServer.extraArgs.feature-gates[1]", "cluster.controllerManager.extraArgs.feature-gates"],
            findings.OrderBy(f => f.Location.Line).Select(f => f.Location.Path));
        Assert.All(findings, f => Assert.Equal(Talguard.Findings.Severity.Critical, f.Severity));
        Assert.Contains("admissionControl", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patches_keep_the_other_gates()
    {
        var findings = ConfigRuleTestSupport.Run(_rule, Config);
        Assert.Equal("cluster:\n  controllerManager:\n    extraArgs:\n      feature-gates: Other=false\n",
            findings.Single(f => f.Location.Path == "cluster.controllerManager.extraArgs.feature-gates").Patch);
        Assert.Equal("machine:\n  kubelet:\n    extraArgs:\n      feature-gates:\n        $patch: delete\n",
            findings.Single(f => f.Location.Path == "machine.kubelet.extraArgs.feature-gates").Patch);
    }

    [Fact]
    public void Kubernetes_target_comes_from_the_apiserver_image()
    {
        Assert.Empty(ConfigRuleTestSupport.Run(_rule, Config.Replace("  apiServer:\n", "  apiServer:\n    image: registry.k8s.io/kube-apiserver:v1.27.4\n", StringComparison.Ordinal)));
        Assert.Empty(ConfigRuleTestSupport.Run(_rule, Config, kubernetes: new TalosVersion(1, 27)));
    }
}
