using Talguard.Findings;
using Talguard.Hardening.SecureBoot;
using Talguard.Hardening.Tpm;
using Talguard.Model;
using Talguard.Model.Profile;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>
/// STATE and EPHEMERAL encryption as <c>VolumeConfig</c> documents (Talos v1.11+, the same form in v1.14), keyed as the
/// profile's mode says, for both roles. No <c>perf</c>/PBKDF block (Talos has none) and no cipher or key size (the
/// defaults, aes-xts-plain64 with 512-bit keys, are what the guide asks for).
/// </summary>
internal sealed class DiskEncryptionGenerator : IHardeningGenerator
{
    /// <summary>The placeholder of the EPHEMERAL recovery passphrase in <c>tpm+recovery</c> mode.</summary>
    public const string RecoveryPlaceholder = "TALGUARD_LUKS_RECOVERY";

    /// <summary><c>tpm.options.pcrs</c> arrived in v1.12; v1.11 rejects the config with it.</summary>
    private static readonly TalosVersion TpmOptionsSince = new(1, 12);

    public Section Section => Section.DiskEncryption;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        var mode = profile.DiskEncryption.Mode;
        plan.AddPatch(Section, PatchTargets.All, Volume(EncryptedVolume.State, StateKeys(profile)));
        plan.AddPatch(Section, PatchTargets.All, Volume(EncryptedVolume.Ephemeral, EphemeralKeys(profile)));
        AcceptWeakerKeys(profile, plan);
        if (mode == DiskEncryptionMode.TpmWithRecovery)
        {
            plan.AddPlaceholder(RecoveryPlaceholder,
                "LUKS2 passphrase of EPHEMERAL key slot 1, used only when the TPM cannot unseal: generate a long random value, keep it in "
                + "your secrets manager and render it into the patch at deploy time (never commit it)");
        }

        if (mode == DiskEncryptionMode.Kms)
        {
            plan.AddNote(Section,
                "STATE is sealed by the KMS: the node must reach it before STATE is unlocked, so its network settings cannot come from "
                + "the machine config (use DHCP or kernel arguments), and the KMS server's certificate must chain to the system roots "
                + "(a custom CA cannot be used). Talos identifies itself to the KMS by its SMBIOS UUID; it has no token.");
        }

        plan.AddNote(Section,
            "Check each node after it boots: `talosctl get volumestatus STATE -o yaml` and `talosctl get volumestatus EPHEMERAL -o yaml` "
            + "show the encryption provider and the key slots in use.");
        plan.AddNote(Section,
            "Encryption applies only to an empty partition, so existing nodes must wipe and re-create STATE and EPHEMERAL, one node at a "
            + "time (control planes only while etcd keeps quorum). EPHEMERAL: `talosctl apply-config -n NODE --file CONFIG --mode=staged`, "
            + "then `talosctl reset -n NODE --system-labels-to-wipe EPHEMERAL --reboot` (the default `--graceful` drains the node and "
            + "leaves etcd first). STATE: `talosctl reset -n NODE --system-labels-to-wipe STATE --system-labels-to-wipe EPHEMERAL --reboot`; "
            + "the node comes back in maintenance mode, where `talosctl apply-config --insecure -n NODE --file CONFIG` gives it the "
            + "encrypted config.",
            existingClusterOnly: true);
    }

    private static ConfigMapping Volume(string name, ConfigSequence keys) => ConfigMapping.Of(
        ("apiVersion", ConfigScalar.String("v1alpha1")),
        ("kind", ConfigScalar.String("VolumeConfig")),
        ("name", ConfigScalar.String(name)),
        ("encryption", ConfigMapping.Of(
            ("provider", ConfigScalar.String("luks2")),
            ("keys", keys))));

    private static ConfigSequence StateKeys(HardeningProfile profile) => profile.DiskEncryption.Mode switch
    {
        // No static recovery slot on STATE: Talos keeps STATE's encryption config in the unencrypted META partition, so a
        // passphrase there would unlock STATE for anyone holding the disk.
        DiskEncryptionMode.Tpm or DiskEncryptionMode.TpmWithRecovery => new([TpmKey(profile, lockToState: false)])
        {
            Comment = "STATE holds the machine config and its CA keys: sealed to the TPM; STATE keys cannot be locked to STATE itself",
        },
        DiskEncryptionMode.Kms => new([KmsKey(profile, lockToState: false)]) { Comment = "sealed by the KMS, which identifies the node by its SMBIOS UUID" },
        _ => new([NodeIdKey(lockToState: false)]) { Comment = "nodeID: derived from the machine UUID, protects only a drive removed from its machine" },
    };

    private static ConfigSequence EphemeralKeys(HardeningProfile profile) => profile.DiskEncryption.Mode switch
    {
        DiskEncryptionMode.Tpm => new([TpmKey(profile, lockToState: true)]) { Comment = "lockToState: EPHEMERAL opens only with this node's STATE" },
        DiskEncryptionMode.TpmWithRecovery => new([TpmKey(profile, lockToState: true), RecoveryKey()])
        {
            Comment = "slot 0 unseals from the TPM; slot 1 is the recovery passphrase, not locked to STATE because it must open EPHEMERAL\n"
                + "(etcd data, workloads) when the TPM, and so STATE, cannot be unsealed",
        },
        DiskEncryptionMode.Kms => new([KmsKey(profile, lockToState: true)]) { Comment = "lockToState: EPHEMERAL opens only with this node's STATE" },
        _ => new([NodeIdKey(lockToState: true)]) { Comment = "lockToState: EPHEMERAL opens only with this node's STATE" },
    };

    private static ConfigMapping TpmKey(HardeningProfile profile, bool lockToState)
    {
        var tpm = new ConfigMapping();
        if (profile.SecureBoot.Enabled)
        {
            // Refuses to enroll when Secure Boot is off or in setup mode, so the key is never sealed to an unverified boot chain.
            tpm["checkSecurebootStatusOnEnroll"] = ConfigScalar.Of(true);
        }

        if (profile.DiskEncryption.TpmPcrs is { } pcrs && profile.TalosVersion >= TpmOptionsSince)
        {
            tpm["options"] = ConfigMapping.Of(("pcrs", new ConfigSequence(pcrs.Select(pcr => (ConfigNode)ConfigScalar.Of(pcr)))
            {
                Comment = "bound besides the signed PCR 11 policy, which Talos always binds",
            }));
        }

        return Key(0, "tpm", tpm, lockToState);
    }

    private static ConfigMapping KmsKey(HardeningProfile profile, bool lockToState)
    {
        var endpoint = profile.DiskEncryption.KmsEndpoint
            ?? throw new InvalidOperationException("disk encryption mode kms needs a KMS endpoint; the profile reader requires one");
        return Key(0, "kms", ConfigMapping.Of(("endpoint", ConfigScalar.String(endpoint))), lockToState);
    }

    private static ConfigMapping NodeIdKey(bool lockToState) => Key(0, "nodeID", new ConfigMapping(), lockToState);

    private static ConfigMapping RecoveryKey() =>
        Key(1, "static", ConfigMapping.Of(("passphrase", ConfigScalar.String("${" + RecoveryPlaceholder + "}"))), lockToState: false);

    private static ConfigMapping Key(int slot, string type, ConfigMapping value, bool lockToState)
    {
        var key = ConfigMapping.Of(("slot", ConfigScalar.Of(slot)), (type, value));
        if (lockToState)
        {
            key["lockToState"] = ConfigScalar.Of(true);
        }

        return key;
    }

    /// <summary>The findings each mode leaves by design, so the scan of the hardened config explains rather than surprises.</summary>
    private static void AcceptWeakerKeys(HardeningProfile profile, HardeningPlan plan)
    {
        switch (profile.DiskEncryption.Mode)
        {
            case DiskEncryptionMode.Tpm:
                plan.Accept(NoRecoveryKeyRule.Definition.Id,
                    "disk encryption mode tpm has no recovery slot: if the TPM cannot unseal (new firmware measurements, replaced "
                    + "board), STATE and EPHEMERAL are wiped and the node rejoins; choose tpm+recovery to keep EPHEMERAL recoverable");
                break;
            case DiskEncryptionMode.TpmWithRecovery:
                plan.Accept(NoRecoveryKeyRule.Definition.Id,
                    "STATE keeps its single TPM key: Talos stores STATE's encryption config in the unencrypted META partition, so a "
                    + "recovery passphrase there would unlock STATE for anyone holding the disk; STATE holds only the machine config, "
                    + "which is re-applied after a wipe");
                plan.Accept(LockToStateRule.Definition.Id,
                    "the EPHEMERAL recovery key (slot 1) is not locked to STATE: it is meant for when the TPM cannot unseal, and then "
                    + "STATE cannot be opened either; the TPM key (slot 0) is locked to STATE");
                break;
            case DiskEncryptionMode.Kms:
                plan.Accept(NoRecoveryKeyRule.Definition.Id,
                    "disk encryption mode kms has a single kms key: the KMS server is the recovery point, so run it highly available "
                    + "and back up its sealing key");
                break;
            case DiskEncryptionMode.NodeId:
                plan.Accept(OnlyNodeIdKeysRule.Definition.Id,
                    "disk encryption mode nodeID was chosen (no TPM and no KMS): the keys derive from the machine UUID and protect "
                    + "only a drive removed from its machine");
                break;
        }

        var hasTpmKey = profile.DiskEncryption.Mode is DiskEncryptionMode.Tpm or DiskEncryptionMode.TpmWithRecovery;
        if (hasTpmKey && !profile.SecureBoot.Enabled)
        {
            plan.Accept(TpmWithoutSecureBootRule.Definition.Id,
                "Secure Boot is off in the profile, so the TPM measures an unsigned boot chain: the TPM key still protects a drive "
                + "removed from its machine, not a node booted with a modified kernel");
            plan.Accept(TpmEnrollSecureBootCheckRule.Definition.Id,
                "checkSecurebootStatusOnEnroll is left unset because Secure Boot is off in the profile: with it, the TPM key would "
                + "refuse to enroll and the node could not encrypt its disks");
        }

        if (hasTpmKey && profile.DiskEncryption.TpmPcrs is [] && profile.TalosVersion >= TpmOptionsSince)
        {
            plan.Accept(EmptyPcrListRule.Definition.Id,
                "the profile binds the TPM keys to no literal PCR (pcrs: []), only to the signed PCR 11 policy, so firmware and "
                + "Secure Boot key updates do not lock the disks");
        }
    }
}
