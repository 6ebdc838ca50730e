using Talguard.Findings;
using Talguard.Hardening.DiskEncryption;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Config;

/// <summary>TG-CONF-007: a value Talos rejects in an encryption block or a <c>machine.files</c> entry.</summary>
public sealed class RejectedValueRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CONF-007", Severity.High, Section.Config,
        "Value Talos rejects",
        "Talos validates encryption settings and machine.files entries when it loads the config or provisions the volume: a bad value " +
        "rejects the config or leaves the volume unprovisioned.",
        "Use one of the values the message lists.");

    private static readonly string[] Ciphers = ["aes-xts-plain64", "xchacha12,aes-adiantum-plain64", "xchacha20,aes-adiantum-plain64"];
    private static readonly string[] Options = ["no_read_workqueue", "no_write_workqueue", "same_cpu_crypt"];
    private static readonly string[] KeyTypes = ["static", "nodeID", "kms", "tpm"];
    private static readonly string[] FileOps = ["create", "append", "overwrite"];

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.TalosFiles)
        {
            foreach (var document in file.Documents.Where(d => d.Class == DocumentClass.TalosDocument && EncryptedVolumes.DocumentKinds.Contains(d.Kind)))
            {
                if (document.At("encryption") is { IsMapping: true } encryption && encryption.Entries.Count > 0)
                {
                    // A patch file's VolumeConfig is merged onto the node's: what it leaves out may come from there.
                    CheckEncryption(context, document, encryption, complete: file.IsNodeConfig, providerRequired: true);
                }
            }

            if (file.MachineConfig is not { } config)
            {
                continue;
            }

            foreach (var encryption in EncryptedVolumes.Legacy(config).Select(v => v.Encryption))
            {
                // The legacy block reads an empty provider as luks2.
                CheckEncryption(context, config, encryption, complete: true, providerRequired: false);
            }

            foreach (var entry in config.At("machine", "files")?.Items ?? [])
            {
                var op = entry["op"];
                if (op?.AsString() is not { } value)
                {
                    context.ReportMissing(Definition, config, entry, YamlPath.Child(entry.Path, "op"),
                        "machine.files entry without op: Talos needs one of create (under /var only), append or overwrite");
                }
                else if (!FileOps.Contains(value, StringComparer.Ordinal))
                {
                    context.Report(Definition, config, op, $"machine.files op \"{value}\" is not one of create, append, overwrite: Talos rejects it");
                }
            }
        }
    }

    private static void CheckEncryption(ScanContext context, LocatedDocument document, YamlNode encryption, bool complete, bool providerRequired)
    {
        var provider = encryption["provider"];
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

        if (encryption["cipher"] is { } cipher && cipher.AsString() is { Length: > 0 } cipherName && !Ciphers.Contains(cipherName, StringComparer.Ordinal))
        {
            context.Report(Definition, document, cipher, $"cipher \"{cipherName}\" is not one Talos supports ({string.Join(", ", Ciphers)})",
                TalosPatch.Set(document, cipher, TalosPatch.Scalar(Ciphers[0])));
        }

        foreach (var option in encryption["options"]?.Items ?? [])
        {
            if (!Options.Contains(option.Value, StringComparer.Ordinal))
            {
                context.Report(Definition, document, option, $"LUKS option \"{option.Value}\" is rejected: the only options are {string.Join(", ", Options)}");
            }
        }

        var keys = encryption["keys"];
        if (keys is not { IsSequence: true } || keys.Items.Count == 0)
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
        foreach (var key in keys.Items)
        {
            var slot = key["slot"]?.AsInt64() ?? 0;
            if (!slots.Add(slot))
            {
                context.Report(Definition, document, key["slot"] ?? key, $"key slot {slot} is used twice: Talos rejects duplicate slots");
            }

            var types = KeyTypes.Count(t => key[t] is { IsNull: false });
            if (types != 1)
            {
                context.Report(Definition, document, key, types == 0
                    ? $"the key in slot {slot} has no key type: give exactly one of static, nodeID, kms, tpm"
                    : $"the key in slot {slot} has {types} key types: give exactly one of static, nodeID, kms, tpm");
            }
        }
    }
}
