using Talguard.Hardening.ControlPlane;
using Talguard.Hardening.DiskEncryption;
using Talguard.Hardening.Network;
using Talguard.Hardening.SecureBoot;

namespace Talguard.Hardening;

/// <summary>Every section's generator, in the order their patch documents are applied within a section.</summary>
internal static class HardeningGenerators
{
    public static IReadOnlyList<IHardeningGenerator> All { get; } =
    [
        new SecureBootGenerator(),
        new DiskEncryptionGenerator(),
        new FirewallGenerator(),
        new KubeletNodeIpGenerator(),
        new KernelSysctlGenerator(),
    ];
}
