using System.Text;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>Talos patches that encrypt a system volume with a TPM key.</summary>
public static class DiskEncryptionPatches
{
    /// <summary>VolumeConfig <c>encryption</c> arrived in v1.11; before it only the legacy field exists.</summary>
    public static readonly TalosVersion VolumeConfigEncryptionSince = new(1, 11);

    /// <summary>
    /// A VolumeConfig for <paramref name="volume"/> with one TPM key that refuses to enroll without Secure Boot
    /// (EPHEMERAL also mixes in STATE's salt), or the legacy field before v1.11.
    /// </summary>
    public static string SystemVolume(string volume, TalosVersion target)
    {
        var text = new StringBuilder();
        if (target < VolumeConfigEncryptionSince)
        {
            text.Append("machine:\n  systemDiskEncryption:\n    ").Append(volume.ToLowerInvariant()).Append(":\n");
            AppendEncryption(text, "      ", lockToState: false);
            return text.ToString();
        }

        text.Append("apiVersion: v1alpha1\nkind: VolumeConfig\nname: ").Append(volume).Append("\nencryption:\n");
        AppendEncryption(text, "  ", lockToState: volume == EncryptedVolume.Ephemeral);
        return text.ToString();
    }

    private static void AppendEncryption(StringBuilder text, string indent, bool lockToState)
    {
        text.Append(indent).Append("provider: luks2\n")
            .Append(indent).Append("keys:\n")
            .Append(indent).Append("  - slot: 0\n")
            .Append(indent).Append("    tpm:\n")
            .Append(indent).Append("      checkSecurebootStatusOnEnroll: true\n");
        if (lockToState)
        {
            text.Append(indent).Append("    lockToState: true\n");
        }

        text.Append(indent).Append("  # add a recovery key in slot 1: kms (https:// endpoint), or static with a passphrase\n")
            .Append(indent).Append("  # rendered from a secrets manager at deploy time (never committed)\n");
    }
}
