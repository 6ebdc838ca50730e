using Talguard.Hardening.ApiAccess;
using Talguard.Hardening.AuditLogging;
using Talguard.Hardening.ControlPlane;
using Talguard.Hardening.DiskEncryption;
using Talguard.Hardening.Network;
using Talguard.Hardening.PodSecurity;
using Talguard.Hardening.SecretsAtRest;
using Talguard.Hardening.SecureBoot;

namespace Talguard.Hardening;

/// <summary>Every guide section's generator, in the order <c>talguard harden</c> runs them (within a section, the order their patches apply).</summary>
internal static class HardeningGenerators
{
    public static IReadOnlyList<IHardeningGenerator> All { get; } =
    [
        new SecureBootGenerator(),
        new DiskEncryptionGenerator(),
        new FirewallGenerator(),
        new KubeletNodeIpGenerator(),
        new KernelSysctlGenerator(),
        new AuditPolicyGenerator(),
        new PodSecurityAdmissionGenerator(),
        new SecretsAtRestGenerator(),
        new ControlPlaneGenerator(),
        new ApiAccessGenerator(),
        new NamespaceManifestGenerator(),
        new KyvernoPolicyGenerator(),
        new NetworkPolicyManifestGenerator(),
        new ReadOnlyRoleGenerator(),
        new FalcoRulesGenerator(),
        new PrometheusScrapeGenerator(),
    ];
}
