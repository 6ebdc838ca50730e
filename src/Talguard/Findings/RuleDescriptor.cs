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

    /// <summary>
    /// The cases where a finding of this rule carries another severity than <see cref="Severity"/>, each with when
    /// (spec/rules.md names them: TG-SEC-004 is low for aescbc); none for most rules. A finding's severity is always
    /// the rule's or one of these (<see cref="Allows"/>).
    /// </summary>
    public IReadOnlyList<SeverityCase> OtherSeverities { get; init; } = [];

    /// <summary>True when a finding of this rule may carry <paramref name="severity"/>.</summary>
    public bool Allows(Severity severity) => severity == Severity || OtherSeverities.Any(c => c.Severity == severity);

    /// <summary>Anchor of the rule in docs/rules.md (<c>#tg-disk-001</c>).</summary>
    public string Anchor => Id.ToLowerInvariant();

    public string HelpUri => "docs/rules.md#" + Anchor;

    /// <summary>The ID prefix of the evidence rules of <c>talguard verify</c> (<c>TG-LIVE-*</c>).</summary>
    public const string EvidenceIdPrefix = "LIVE";

    /// <summary>
    /// Whether <paramref name="id"/> belongs in <paramref name="section"/>: its prefix is the section's, or the rule
    /// judges only node evidence and is a <c>TG-LIVE-*</c> rule, which sits in the guide section it gives evidence for.
    /// </summary>
    public static bool IdFits(string id, Section section, RuleInputs inputs) =>
        id.StartsWith("TG-" + section.IdPrefix + "-", StringComparison.Ordinal)
        || (inputs == RuleInputs.NodeEvidence && id.StartsWith("TG-" + EvidenceIdPrefix + "-", StringComparison.Ordinal));

    public static RuleDescriptor Create(
        string id, Severity severity, Section section, string title, string rationale, string remediation,
        RuleInputs inputs = RuleInputs.None, RuleControls? controls = null, TalosVersionRange? versions = null,
        IReadOnlyList<SeverityCase>? otherSeverities = null)
    {
        if (!IdFits(id, section, inputs))
        {
            throw new ArgumentException($"rule {id} does not belong to section {section.Id}", nameof(id));
        }

        return new RuleDescriptor(id, severity, section, title, rationale, remediation)
        {
            Inputs = inputs,
            Controls = controls ?? RuleControls.Undecided,
            Versions = versions ?? TalosVersionRange.All,
            OtherSeverities = otherSeverities ?? [],
        };
    }
}

/// <summary>A severity a rule's finding takes in a named case instead of the rule's own (<see cref="RuleDescriptor.OtherSeverities"/>).</summary>
/// <param name="Severity">The severity in that case.</param>
/// <param name="When">The case, completing "low ..." in the rules reference (e.g. <c>for an aescbc provider</c>).</param>
public sealed record SeverityCase(Severity Severity, string When);
