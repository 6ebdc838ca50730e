namespace Talguard.Hardening;

/// <summary>Every section's generator, in the order the harden service runs them.</summary>
internal static class HardeningGenerators
{
    public static IReadOnlyList<IHardeningGenerator> All { get; } =
    [
        new PodSecurity.NamespaceManifestGenerator(),
        new PodSecurity.KyvernoPolicyGenerator(),
        new Network.NetworkPolicyManifestGenerator(),
        new ApiAccess.ReadOnlyRoleGenerator(),
        new AuditLogging.FalcoRulesGenerator(),
        new ControlPlane.PrometheusScrapeGenerator(),
    ];
}
