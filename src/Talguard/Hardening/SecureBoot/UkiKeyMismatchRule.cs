using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-112: the node's UKI signing key fingerprint is not the expected certificate's.</summary>
public sealed class UkiKeyMismatchRule : SecurityStateRule
{
    /// <summary>Recent Talos releases leave the fingerprint unset, so an empty one proves nothing.</summary>
    private static readonly SeverityCase EmptyFingerprint = new(Severity.Info, "when the node reports no fingerprint (recent releases leave it unset)");

    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-112", Severity.High, Section.SecureBoot,
        "UKI signing key differs from the expected certificate",
        "The node runs a UKI signed by a key other than yours: someone else's image, or a key rotation that was not planned.",
        "Compare the fingerprint with your uki-signing-cert; reinstall an image signed with your key.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "3.7.7", "CC6.8"),
        otherSeverities: [EmptyFingerprint]);

    public override RuleDescriptor Descriptor => Definition;

    /// <summary>An empty fingerprint is only info: recent Talos releases leave it unset.</summary>
    public override IEnumerable<Finding> Check(SecurityStateFacts state)
    {
        var field = state.UkiSigningKeyFingerprint;
        var expected = state.Expected.UkiCertificateFingerprint;
        return Compare(
            field, expected, EmptyFingerprint.Severity,
            state.NodePrefix + $"ukiSigningKeyFingerprint is empty, so the UKI signing key cannot be compared with {expected} (recent Talos releases leave it unset; check the db instead)",
            state.NodePrefix + $"ukiSigningKeyFingerprint {field.Text} is not the certificate's {expected}");
    }
}
