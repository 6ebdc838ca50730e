namespace Talguard.Findings;

/// <summary>
/// The fixed description of a rule: what it checks, why, and how to fix it. Checks report against a
/// descriptor; they never invent IDs or titles at run time.
/// </summary>
public sealed record RuleDescriptor(
    string Id,
    Severity Severity,
    Section Section,
    string Title,
    string Rationale,
    string Remediation)
{
    /// <summary>The inputs the scanner hands this rule (see <see cref="RuleInputs"/>).</summary>
    public RuleInputs Inputs { get; init; } = RuleInputs.None;

    /// <summary>The compliance controls the rule gives evidence for, or why none.</summary>
    public RuleControls Controls { get; init; } = RuleControls.Undecided;

    /// <summary>The Talos releases the rule applies to.</summary>
    public TalosVersionRange Versions { get; init; } = TalosVersionRange.All;

    /// <summary>Anchor of the rule in docs/rules.md (<c>#tg-disk-001</c>).</summary>
    public string Anchor => Id.ToLowerInvariant();

    public string HelpUri => "docs/rules.md#" + Anchor;

    public static RuleDescriptor Create(
        string id, Severity severity, Section section, string title, string rationale, string remediation,
        RuleInputs inputs = RuleInputs.None, RuleControls? controls = null, TalosVersionRange? versions = null)
    {
        if (!id.StartsWith("TG-" + section.IdPrefix + "-", StringComparison.Ordinal))
        {
            throw new ArgumentException($"rule {id} does not belong to section {section.Id}", nameof(id));
        }

        return new RuleDescriptor(id, severity, section, title, rationale, remediation)
        {
            Inputs = inputs,
            Controls = controls ?? RuleControls.Undecided,
            Versions = versions ?? TalosVersionRange.All,
        };
    }
}
