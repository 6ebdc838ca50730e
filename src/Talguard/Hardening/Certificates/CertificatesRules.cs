using Talguard.Findings;

namespace Talguard.Hardening.Certificates;

/// <summary>The rules of the guide section "Certificates": keys and certificates shipped in configs, talosconfigs, kubeconfigs and secrets bundles.</summary>
public sealed class CertificatesRules : IRuleSection
{
    public static readonly CertificatesRules Instance = new();

    public Section Section => Section.Certificates;

    public IReadOnlyList<Rule> ScanRules { get; } =
    [
        new WorkerCaKeyRule(),
        new CertificateExpiryRule(),
        new WeakCertificateRule(),
        new AdminCertificateLifetimeRule(),
        new ClientCertificateIssuerRule(),
        new ClientAuthUsageRule(),
        new ClientConfigCaKeyRule(),
        new UnknownIssuerRule(),
        new MismatchedKeyRule(),
    ];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
