using Talguard.Findings;

namespace Talguard.Hardening.Config;

/// <summary>The rules of the guide section "Config".</summary>
public sealed class ConfigRules : IRuleSection
{
    public static readonly ConfigRules Instance = new();

    public Section Section => Section.Config;

    public IReadOnlyList<Rule> ScanRules { get; } = [];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
