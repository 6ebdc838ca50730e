using System.Text;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Config;

/// <summary>TG-CONF-002: a field Talos still reads but has deprecated (or ignores) at the target release.</summary>
public sealed class DeprecatedFieldRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CONF-002", Severity.Low, Section.Config,
        "Deprecated Talos config field",
        "Deprecated fields are hidden from the schema and documentation, some are ignored, and they will be removed; their replacements get new features first.",
        "Move the setting to its replacement (the message names it) and delete the old field.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "2.2.1", "CC7.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        // A deprecated field in a main-config patch is still there once the patch is applied.
        foreach (var (file, config) in context.Configs.SelectMany(f => f.Documents.Where(d => d.Class == DocumentClass.TalosMachineConfig).Select(d => (f, d))))
        {
            foreach (var field in DeprecatedFields.In(config).Where(f => file.TalosVersion >= f.Since))
            {
                var (message, patch) = field.Path switch
                {
                    DeprecatedFields.SystemDiskEncryption => (
                        "machine.systemDiskEncryption is deprecated since Talos v1.11: encrypt STATE and EPHEMERAL with VolumeConfig documents (`encryption`) instead",
                        VolumeConfigMigration(config)),
                    DeprecatedFields.Network => (
                        "machine.network is deprecated since Talos v1.12: use the network documents (LinkConfig, DHCPv4Config, ResolverConfig, HostnameConfig, StaticHostConfig, " +
                        "BondConfig, VLANConfig, Layer2VIPConfig; KubeSpanConfig from v1.13)",
                        null),
                    DeprecatedFields.ExtraKernelArgs => (
                        "machine.install.extraKernelArgs is deprecated since Talos v1.12 (and ignored on UKI/systemd-boot installs): " +
                        "put kernel arguments in the Image Factory schematic's customization.extraKernelArgs",
                        null),
                    _ => ($"{field.Path} is ignored and locked on since Talos v1.12; delete it", TalosPatch.Delete(config, field.Node)),
                };
                context.ReportField(Definition, config, field.Node, message, patch);
            }
        }
    }

    /// <summary>
    /// VolumeConfig documents carrying the legacy settings, plus the deletion of the legacy field. Static
    /// passphrases are never copied into the patch: a <c>${...}</c> placeholder names where to put them.
    /// </summary>
    private static string VolumeConfigMigration(LocatedDocument config)
    {
        var patch = new StringBuilder("machine:\n  systemDiskEncryption:\n    $patch: delete\n");
        foreach (var (volume, encryption) in DiskEncryptionSettings.Legacy(config).Select(v => (v.Name, v.Encryption)))
        {
            patch.Append("---\napiVersion: v1alpha1\nkind: VolumeConfig\nname: ").Append(volume).Append("\nencryption:\n  provider: luks2\n");
            foreach (var scalar in new[] { "cipher", "keySize", "blockSize" })
            {
                if (encryption[scalar]?.AsString() is { } value)
                {
                    patch.Append("  ").Append(scalar).Append(": ").Append(TalosPatch.Scalar(value)).Append('\n');
                }
            }

            if (encryption["options"] is { IsSequence: true } options)
            {
                patch.Append("  options: [").AppendJoin(", ", options.Items.Select(o => TalosPatch.Scalar(o.Value))).Append("]\n");
            }

            patch.Append("  keys:\n");
            foreach (var key in encryption["keys"]?.Items ?? [])
            {
                patch.Append("    - slot: ").Append(key["slot"]?.AsInt64() ?? 0).Append('\n');
                if (key["static"] is not null)
                {
                    patch.Append("      static:\n        passphrase: \"${").Append(volume).Append("_PASSPHRASE}\"\n");
                }
                else if (key["kms"] is { } kms)
                {
                    patch.Append("      kms:\n        endpoint: ").Append(TalosPatch.Scalar(kms["endpoint"]?.AsString() ?? string.Empty)).Append('\n');
                }
                else if (key["tpm"] is { } tpm)
                {
                    patch.Append("      tpm:\n        checkSecurebootStatusOnEnroll: ").Append(tpm["checkSecurebootStatusOnEnroll"]?.AsBool() == true ? "true" : "false").Append('\n');
                }
                else
                {
                    patch.Append("      nodeID: {}\n");
                }
            }
        }

        return patch.ToString();
    }
}
