using Talguard.Evidence;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>
/// TG-LIVE-006: on a v1.12+ node (the first to report it) the encrypted EPHEMERAL volume is not locked to STATE
/// (<c>encryptionLockedToState</c> absent or false). STATE cannot be locked to itself, so it is never judged.
/// </summary>
internal sealed class LiveLockToStateRule : EvidenceRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-LIVE-006", Severity.Low, Section.DiskEncryption,
        "Encrypted EPHEMERAL is not locked to STATE on the node",
        "A key locked to STATE mixes in a salt kept in STATE, so the EPHEMERAL disk unlocks only together with that node's STATE; unlocked, a TPM or nodeID key opens it on its own.",
        "Set lockToState: true on the EPHEMERAL VolumeConfig's encryption keys (Talos v1.11+); it takes effect when the volume is next provisioned.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "3.6.1", "CC6.1"),
        new TalosVersionRange(new TalosVersion(1, 12)));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(NodeEvidence node)
    {
        if (node.Required(TalosResourceKinds.VolumeStatus, LiveVolumes.Ephemeral) is { } ephemeral
            && LiveVolumes.IsEncrypted(ephemeral)
            && ephemeral["encryptionLockedToState"]?.AsBool() != true
            && node.Judges(Definition, TalosResourceKinds.VolumeStatus))
        {
            node.ReportField(Definition, ephemeral, "encryptionLockedToState", "the encrypted EPHEMERAL volume is not locked to STATE");
        }
    }
}
