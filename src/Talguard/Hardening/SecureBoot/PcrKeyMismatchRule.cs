using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-114: the node's PCR signing key fingerprint is not the expected key's.</summary>
public sealed class PcrKeyMismatchRule : SecurityStateRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-114", Severity.High, Section.SecureBoot,
        "PCR signing key differs from the expected key",
        "TPM-sealed disk keys unlock under PCR 11 policies signed by this key. A node that booted an image with another PCR key (or none) runs a UKI that was not built with your keys.",
        "Compare the fingerprint with your pcr-signing-key; reinstall an image built with your UKI and PCR keys.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "3.7.7", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(SecurityStateFacts state)
    {
        var field = state.PcrSigningKeyFingerprint;
        var expected = state.Expected.PcrKeyFingerprint;
        return Compare(
            field, expected, Descriptor.Severity,
            state.NodePrefix + "pcrSigningKeyFingerprint is empty: the booted image carries no PCR public key, so disk encryption cannot use a signed PCR policy",
            state.NodePrefix + $"pcrSigningKeyFingerprint {field.Text} is not the key's {expected}");
    }
}
