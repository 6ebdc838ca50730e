using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>Talos patches that encrypt a system volume with a TPM key.</summary>
public static class DiskEncryptionPatches
{
    /// <summary>VolumeConfig <c>encryption</c> arrived in v1.11; before it only the legacy field exists.</summary>
    public static readonly TalosVersion VolumeConfigEncryptionSince = new(1, 11);

    /// <summary>
    /// A VolumeConfig for <paramref name="volume"/> with one TPM key that refuses to enroll without Secure Boot
    /// (EPHEMERAL also mixes in STATE's salt), or the legacy field before v1.11; none before v1.5, which has no TPM key.
    /// </summary>
    public static TalosConfigPatch? SystemVolume(string volume, TalosVersion target)
    {
        if (target < TalosFeatureReleases.SecureBoot)
        {
            return null;
        }

        if (target < VolumeConfigEncryptionSince)
        {
            return TalosPatch.Set(Encryption(lockToState: false), "machine", "systemDiskEncryption", volume.ToLowerInvariant());
        }

        var selector = new TalosDocumentSelector("v1alpha1", "VolumeConfig", volume);
        return TalosPatch.Of(new TalosPatchDocument(selector, ConfigMapping.Of(
            ("apiVersion", ConfigScalar.String(selector.ApiVersion)),
            ("kind", ConfigScalar.String(selector.Kind)),
            ("name", ConfigScalar.String(volume)),
            ("encryption", Encryption(lockToState: volume == EncryptedVolume.Ephemeral)))));
    }

    private static ConfigMapping Encryption(bool lockToState)
    {
        var key = ConfigMapping.Of(
            ("slot", ConfigScalar.Of(0)),
            ("tpm", ConfigMapping.Of(("checkSecurebootStatusOnEnroll", ConfigScalar.Of(true)))));
        if (lockToState)
        {
            key["lockToState"] = ConfigScalar.Of(true);
        }

        return ConfigMapping.Of(
            ("provider", ConfigScalar.String("luks2")),
            ("keys", new ConfigSequence([key])
            {
                Comment = "add a recovery key in slot 1: kms (https:// endpoint), or static with a passphrase\n"
                    + "rendered from a secrets manager at deploy time (never committed)",
            }));
    }
}
