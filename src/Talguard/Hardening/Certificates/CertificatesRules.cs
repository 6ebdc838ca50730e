using Talguard.Findings;

namespace Talguard.Hardening.Certificates;

/// <summary>The rules of the guide section "Certificates".</summary>
public sealed class CertificatesRules : IRuleSection
{
    public static readonly CertificatesRules Instance = new();

    public Section Section => Section.Certificates;

    public IReadOnlyList<Rule> ScanRules { get; } = [];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
