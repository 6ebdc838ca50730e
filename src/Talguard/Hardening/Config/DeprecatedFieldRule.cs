using System.Text;
using Talguard.Findings;
using Talguard.Hardening.DiskEncryption;
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
        "Move the setting to its replacement (the message names it) and delete the old field.");

    private static readonly TalosVersion V111 = new(1, 11);
    private static readonly TalosVersion V112 = new(1, 12);

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        // A deprecated field in a main-config patch is still there once the patch is applied.
        foreach (var (file, config) in context.Model.TalosFiles.SelectMany(f => f.Documents.Where(d => d.Class == DocumentClass.TalosMachineConfig).Select(d => (f, d))))
        {
            var target = file.TalosVersion;
            if (target >= V111 && config.At("machine", "systemDiskEncryption") is { } legacy)
            {
                context.ReportField(Definition, config, legacy,
                    "machine.systemDiskEncryption is deprecated since Talos v1.11: encrypt STATE and EPHEMERAL with VolumeConfig documents (`encryption`) instead",
                    VolumeConfigMigration(config));
            }

            if (target >= V112)
            {
                foreach (var name in new[] { "rbac", "apidCheckExtKeyUsage" })
                {
                    if (config.At("machine", "features", name) is { } feature)
                    {
                        context.ReportField(Definition, config, feature,
                            $"machine.features.{name} is ignored and locked on since Talos v1.12; delete it",
                            TalosPatch.Delete(config, feature));
                    }
                }

                // gen config writes an empty `network: {}`: only settings in it are worth moving.
                if (config.At("machine", "network") is { IsMapping: true, Entries.Count: > 0 } network)
                {
                    context.ReportField(Definition, config, network,
                        "machine.network is deprecated since Talos v1.12: use the network documents (LinkConfig, DHCPv4Config, ResolverConfig, HostnameConfig, StaticHostConfig, " +
                        "BondConfig, VLANConfig, Layer2VIPConfig; KubeSpanConfig from v1.13)");
                }

                if (config.At("machine", "install", "extraKernelArgs") is { } kernelArgs)
                {
                    context.ReportField(Definition, config, kernelArgs,
                        "machine.install.extraKernelArgs is deprecated since Talos v1.12 (and ignored on UKI/systemd-boot installs): " +
                        "put kernel arguments in the Image Factory schematic's customization.extraKernelArgs");
                }
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
        foreach (var (volume, encryption) in EncryptedVolumes.Legacy(config).Select(v => (v.Name, v.Encryption)))
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
