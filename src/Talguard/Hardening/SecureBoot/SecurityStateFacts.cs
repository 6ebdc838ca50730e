using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>A field of a node's SecurityState spec: where it is (or belongs), its text, and its value as a boolean.</summary>
public sealed record SecurityStateField(Location Location, string Text, bool? Flag);

/// <summary>
/// What one node reports in its SecurityState resource, for the TG-BOOT-110..114 rules to judge
/// (<see cref="RuleInputs.NodeEvidence"/>), with the fingerprints it should report.
/// </summary>
public sealed record SecurityStateFacts(
    string NodePrefix,
    SecurityStateField SecureBoot,
    SecurityStateField BootedWithUki,
    SecurityStateField ModuleSignatureEnforced,
    SecurityStateField UkiSigningKeyFingerprint,
    SecurityStateField PcrSigningKeyFingerprint,
    SecurityStateExpectations Expected);

/// <summary>A rule over a node's reported SecurityState.</summary>
public abstract class SecurityStateRule
{
    public abstract RuleDescriptor Descriptor { get; }

    public abstract IEnumerable<Finding> Check(SecurityStateFacts state);

    public override string ToString() => Descriptor.Id;

    /// <summary>A finding when <paramref name="field"/> is not true.</summary>
    protected IEnumerable<Finding> RequireTrue(SecurityStateField field, string message) =>
        field.Flag == true ? [] : [new Finding(Descriptor, Descriptor.Severity, message, field.Location)];

    /// <summary>
    /// A fingerprint compared with the expected one (when one is expected): different is a finding, and so is an
    /// empty one, at <paramref name="emptySeverity"/> with <paramref name="emptyMessage"/>.
    /// </summary>
    protected IEnumerable<Finding> Compare(SecurityStateField field, string? expected, Severity emptySeverity, string emptyMessage, string mismatchMessage)
    {
        if (expected is null)
        {
            return [];
        }

        if (field.Text.Length == 0)
        {
            return [new Finding(Descriptor, emptySeverity, emptyMessage, field.Location)];
        }

        return CertificateFacts.NormalizeFingerprint(field.Text) == CertificateFacts.NormalizeFingerprint(expected)
            ? []
            : [new Finding(Descriptor, Descriptor.Severity, mismatchMessage, field.Location)];
    }
}
