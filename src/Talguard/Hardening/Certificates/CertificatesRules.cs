using Talguard.Findings;

namespace Talguard.Hardening.Certificates;

/// <summary>The rules of the guide section "Certificates": keys and certificates shipped in configs.</summary>
public sealed class CertificatesRules : IRuleSection
{
    public static readonly CertificatesRules Instance = new();

    public Section Section => Section.Certificates;

    public IReadOnlyList<Rule> ScanRules { get; } =
    [
        new WorkerCaKeyRule(),
    ];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
