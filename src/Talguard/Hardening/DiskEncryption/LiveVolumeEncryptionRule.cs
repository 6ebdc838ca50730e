using Talguard.Evidence;
using Talguard.Findings;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>TG-LIVE-004: the node's STATE or EPHEMERAL volume has no <c>encryptionProvider</c>: it is not encrypted.</summary>
internal sealed class LiveVolumeEncryptionRule : EvidenceRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-LIVE-004", Severity.High, Section.DiskEncryption,
        "STATE or EPHEMERAL is not encrypted on the node",
        "STATE holds the machine config with its keys and tokens, EPHEMERAL holds etcd, container data and secrets mounted into pods: unencrypted, a removed or copied disk gives them all away.",
        "Add VolumeConfig documents with encryption (a TPM key, or KMS) for STATE and EPHEMERAL; Talos encrypts only empty volumes, so stage the config and wipe the volume (talosctl reset --system-labels-to-wipe).",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "3.5.1 3.5.1.3", "CC6.1 CC6.7"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(NodeEvidence node)
    {
        foreach (var volume in LiveVolumes.SystemVolumes(node))
        {
            if (!LiveVolumes.IsEncrypted(volume))
            {
                node.ReportField(Definition, volume, "encryptionProvider", $"{volume.Id} is not encrypted");
            }
        }
    }
}
