using Talguard.Findings;

namespace Talguard.Hardening.Drift;

/// <summary>
/// The rules of <c>talguard verify BUNDLE --expect DIR</c>: a node's running machine config against the config kept in Git.
/// An extension of the spec (docs/verify-rules.md): the spec asks for drift that weakens security to be reported, without an ID.
/// </summary>
public sealed class DriftRules : IRuleSection
{
    /// <summary>TG-DRIFT-001: the node runs a setting that a scan rule judges weaker than the Git config's.</summary>
    public static readonly RuleDescriptor WeakenedOnNode = RuleDescriptor.Create(
        "TG-DRIFT-001", Severity.High, Section.Drift,
        "Running config weaker than the config in Git",
        "The machine config a node runs (talosctl get machineconfig, collected with --admin) differs from the config kept in Git "
        + "in a way a scan rule judges weaker: someone applied a change outside Git (talosctl edit/patch/apply-config), or Git "
        + "was hardened and the node never got it. The finding takes the severity of the rule the running value fails, names "
        + "that rule, the running value and the Git value. Differences that strengthen or change nothing a rule judges are not findings.",
        "Apply the config from Git to the node (talosctl apply-config --file FILE --nodes ADDRESS), or, when the change is "
        + "intended, make it in Git and review it there.",
        inputs: RuleInputs.NodeEvidence,
        controls: RuleControls.Of(cis: "", pciDss: "2.2.1 11.5.2", soc2: "CC7.1 CC8.1"),
        otherSeverities:
        [
            new SeverityCase(Severity.Critical, "when the running value fails a critical rule"),
            new SeverityCase(Severity.Medium, "when it fails a medium rule"),
            new SeverityCase(Severity.Low, "when it fails a low rule"),
            new SeverityCase(Severity.Info, "when it fails an info rule"),
        ]);

    /// <summary>Declared after the descriptor it lists: static fields initialise in order.</summary>
    public static readonly DriftRules Instance = new();

    public Section Section => Section.Drift;

    public IReadOnlyList<Rule> ScanRules { get; } = [];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [WeakenedOnNode];
}
