using Talguard.Evidence;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>The system volumes the TG-LIVE disk rules judge, from a node's <c>volumestatus</c>.</summary>
internal static class LiveVolumes
{
    public const string State = "STATE";

    public const string Ephemeral = "EPHEMERAL";

    /// <summary>STATE and EPHEMERAL of the node, those the bundle holds (a missing one is listed as not collected).</summary>
    public static IEnumerable<EvidenceResource> SystemVolumes(NodeEvidence node)
    {
        foreach (var id in (string[])[State, Ephemeral])
        {
            if (node.Required(TalosResourceKinds.VolumeStatus, id) is { } volume)
            {
                yield return volume;
            }
        }
    }

    /// <summary>talosctl leaves <c>encryptionProvider</c> out when it is none.</summary>
    public static bool IsEncrypted(EvidenceResource volume) => volume["encryptionProvider"]?.AsString() is { Length: > 0 };
}
