using Talguard.Hardening.ControlPlane;
using static Talguard.Tests.Hardening.GeneratorProof;

namespace Talguard.Tests.Hardening.ControlPlane;

/// <summary>KSPP-preserving sysctls: Talos sets them, the hardened configs leave them alone.</summary>
public sealed class KernelSysctlGeneratorTests
{
    [Theory]
    [MemberData(nameof(ReleaseLines), MemberType = typeof(GeneratorProof))]
    public async Task No_sysctl_is_overridden_and_none_is_weakened(string line)
    {
        var profile = Profile(line);
        var plan = Plan(profile, new KernelSysctlGenerator());

        var findings = await Prove(line, profile, plan);

        Assert.Empty(plan.Patches);
        Assert.DoesNotContain(findings, f => f.RuleId == KernelSysctlRule.Definition.Id);
        Assert.Contains("talosctl get kernelparamstatus", Assert.Single(plan.Notes).Markdown, StringComparison.Ordinal);
    }
}
