using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Reports;

namespace Talguard.Hardening.Config;

/// <summary>
/// TG-CONF-007: a value Talos rejects: one its decoder cannot read into the field's type, or a bad value in an encryption
/// block or a <c>machine.files</c> entry.
/// </summary>
public sealed class RejectedValueRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CONF-007", Severity.High, Section.Config,
        "Value Talos rejects",
        "Talos decodes each field into its Go type, so a string where it reads a list or a mapping (a template placeholder left " +
        "unexpanded, a comma-separated list) or a list where it reads a scalar rejects the whole config; it also validates " +
        "encryption settings and machine.files entries when it loads the config or provisions the volume: a bad value " +
        "rejects the config or leaves the volume unprovisioned.",
        "Write the value in the type the message names (a YAML list, a mapping), or use one of the values the message lists.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "2.2.1", "CC8.1"));

    private static readonly string[] Ciphers = ["aes-xts-plain64", "xchacha12,aes-adiantum-plain64", "xchacha20,aes-adiantum-plain64"];
    private static readonly string[] Options = ["no_read_workqueue", "no_write_workqueue", "same_cpu_crypt"];
    private static readonly string[] FileOps = ["create", "append", "overwrite"];

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            foreach (var document in file.Documents)
            {
                foreach (var mismatch in ValueTypes.Mismatches(document, file.TalosVersion))
                {
                    context.Report(Definition, document, mismatch.Value, TypeMessage(mismatch, file.TalosVersion));
                }
            }

            foreach (var volume in DiskEncryptionSettings.Of(file).Volumes)
            {
                if (volume.IsLegacy)
                {
                    // The legacy block reads an empty provider as luks2; a patch's block is merged onto the node's, which may hold its keys.
                    CheckEncryption(context, volume, complete: file.IsComplete, providerRequired: false);
                }
                else if (volume.Encryption.Entries.Count > 0)
                {
                    // A patch file's VolumeConfig is merged onto the node's: what it leaves out may come from there.
                    CheckEncryption(context, volume, complete: file.IsComplete, providerRequired: true);
                }
            }

            foreach (var entry in MachineFileSettings.Of(file))
            {
                if (entry.Op?.AsString() is not { } value)
                {
                    context.ReportMissing(Definition, entry.Document, entry.Node, YamlPath.Child(entry.Node.Path, "op"),
                        "machine.files entry without op: Talos needs one of create (under /var only), append or overwrite");
                }
                else if (!FileOps.Contains(value, StringComparer.Ordinal))
                {
                    context.Report(Definition, entry.Document, entry.Op, $"machine.files op \"{value}\" is not one of create, append, overwrite: Talos rejects it");
                }
            }
        }
    }

    private static string TypeMessage(ValueTypeMismatch mismatch, TalosVersion target)
    {
        var value = mismatch.Value;
        var found = value.IsMapping ? "a mapping" : value.IsSequence ? "a list" : $"the scalar \"{DisplayText.Value(value.Value)}\"";
        var placeholder = value.IsScalar && value.Value.Contains("${", StringComparison.Ordinal)
            ? "; the placeholder must be replaced by YAML of that type before the config is applied"
            : string.Empty;
        return $"{DisplayText.Value(value.Path)} is {found} where Talos {target} decodes {mismatch.Expected}: it refuses the whole config{placeholder}";
    }

    private static void CheckEncryption(ScanContext context, EncryptedVolume volume, bool complete, bool providerRequired)
    {
        var (document, encryption, provider) = (volume.Document, volume.Encryption, volume.Provider);
        var name = provider?.AsString() ?? string.Empty;
        if (name.Length > 0 ? name != "luks2" : providerRequired && complete)
        {
            var message = $"encryption provider must be luks2 (Talos rejects {(name.Length > 0 ? $"\"{name}\"" : "an empty provider")})";
            if (provider is null)
            {
                context.ReportMissing(Definition, document, encryption.KeyNode ?? encryption, YamlPath.Child(encryption.Path, "provider"), message,
                    document.Class == DocumentClass.TalosDocument ? TalosPatch.Set(document, "luks2", "encryption", "provider") : null);
            }
            else
            {
                context.Report(Definition, document, provider, message, TalosPatch.Set(document, provider, TalosPatch.Scalar("luks2")));
            }
        }

        if (volume.Cipher is { } cipher && cipher.AsString() is { Length: > 0 } cipherName && !Ciphers.Contains(cipherName, StringComparer.Ordinal))
        {
            context.Report(Definition, document, cipher, $"cipher \"{cipherName}\" is not one Talos supports ({string.Join(", ", Ciphers)})",
                TalosPatch.Set(document, cipher, TalosPatch.Scalar(Ciphers[0])));
        }

        foreach (var option in volume.Options?.Items ?? [])
        {
            if (!Options.Contains(option.Value, StringComparer.Ordinal))
            {
                context.Report(Definition, document, option, $"LUKS option \"{option.Value}\" is rejected: the only options are {string.Join(", ", Options)}");
            }
        }

        var keys = volume.KeysField;
        if (volume.Keys.Count == 0)
        {
            if (!complete && keys is null)
            {
                return;
            }

            context.ReportMissing(Definition, document, keys?.KeyNode ?? encryption, YamlPath.Child(encryption.Path, "keys"),
                "encryption without keys: Talos needs at least one key (tpm, kms, nodeID or static)");
            return;
        }

        var slots = new HashSet<long>();
        foreach (var key in volume.Keys)
        {
            var slot = key.Slot?.AsInt64() ?? 0;
            if (!slots.Add(slot))
            {
                context.Report(Definition, document, key.Slot ?? key.Node, $"key slot {slot} is used twice: Talos rejects duplicate slots");
            }

            var types = key.TypeCount;
            if (types != 1)
            {
                context.Report(Definition, document, key.Node, types == 0
                    ? $"the key in slot {slot} has no key type: give exactly one of static, nodeID, kms, tpm"
                    : $"the key in slot {slot} has {types} key types: give exactly one of static, nodeID, kms, tpm");
            }
        }
    }
}
