using Talguard.Evidence;
using Talguard.Findings;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>TG-LIVE-005: the node's encrypted STATE or EPHEMERAL is keyed only by <c>static</c> and/or <c>nodeID</c> keys.</summary>
internal sealed class LiveWeakVolumeKeysRule : EvidenceRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-LIVE-005", Severity.Medium, Section.DiskEncryption,
        "STATE or EPHEMERAL is keyed only by static or nodeID keys on the node",
        "A static passphrase sits in the machine config (for STATE in cleartext in META) and a nodeID key is derived from the node's own UUID: both unlock on any machine that has the disk, so the encryption protects only against casual reads.",
        "Key the volume with a TPM key (with Secure Boot) or a KMS key in its VolumeConfig encryption keys; keep a static key only as a recovery slot beside it.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "3.6.1.2 3.7.3", "CC6.1"));

    private static readonly HashSet<string> WeakKeys = new(StringComparer.Ordinal) { "static", "nodeID" };

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(NodeEvidence node)
    {
        foreach (var volume in LiveVolumes.SystemVolumes(node).Where(LiveVolumes.IsEncrypted))
        {
            var keys = volume["configuredEncryptionKeys"]?.Items.Select(k => k.Text).ToList() ?? [];
            if (keys.Count == 0)
            {
                node.AddNotCollected(TalosResourceKinds.VolumeStatus, $"volumestatus {volume.Id} is encrypted but lists no configuredEncryptionKeys: {Definition.Id} cannot judge its keys");
            }
            else if (keys.All(WeakKeys.Contains))
            {
                node.ReportField(Definition, volume, "configuredEncryptionKeys", $"{volume.Id} is keyed only by {string.Join(" and ", keys.Distinct())} keys (no TPM or KMS key)");
            }
        }
    }
}
