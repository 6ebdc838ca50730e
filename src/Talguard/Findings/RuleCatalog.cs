namespace Talguard.Findings;

/// <summary>
/// Every rule Talguard knows, registered explicitly section by section (no assembly scanning, so the
/// catalog survives trimming and Native AOT). Adding a section adds one line to <see cref="Sections"/>.
/// </summary>
public static class RuleCatalog
{
    private static readonly Lazy<IReadOnlyList<IRuleSection>> LazySections = new(() =>
    [
        Hardening.Config.ConfigRules.Instance,
        Hardening.SecureBoot.SecureBootRules.Instance,
        Hardening.DiskEncryption.DiskEncryptionRules.Instance,
        Hardening.Tpm.TpmRules.Instance,
        Hardening.SecretsAtRest.SecretsAtRestRules.Instance,
        Hardening.AuditLogging.AuditLoggingRules.Instance,
        Hardening.Network.NetworkRules.Instance,
        Hardening.PodSecurity.PodSecurityRules.Instance,
        Hardening.ApiAccess.ApiAccessRules.Instance,
        Hardening.ControlPlane.ControlPlaneRules.Instance,
        Hardening.Certificates.CertificatesRules.Instance,
        Hardening.Drift.DriftRules.Instance,
    ]);

    public static IReadOnlyList<IRuleSection> Sections => LazySections.Value;

    /// <summary>Rules that <c>talguard scan</c> runs, in catalog order.</summary>
    public static IReadOnlyList<Rule> ScanRules { get; } = [.. Sections.SelectMany(s => s.ScanRules)];

    /// <summary>Every descriptor, including those only other verbs report (pss, secureboot, etcd), sorted by ID.</summary>
    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } =
        [.. Sections.SelectMany(s => s.ScanRules.Select(r => r.Descriptor).Concat(s.OtherDescriptors)).DistinctBy(d => d.Id).OrderBy(d => d.Id, StringComparer.Ordinal)];

    public static RuleDescriptor? Find(string id) => Descriptors.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The rules one folder of <c>Hardening/</c> contributes.</summary>
public interface IRuleSection
{
    Section Section { get; }

    IReadOnlyList<Rule> ScanRules { get; }

    /// <summary>Descriptors reported by verbs other than scan (they still appear in the catalog and docs).</summary>
    IReadOnlyList<RuleDescriptor> OtherDescriptors { get; }
}
