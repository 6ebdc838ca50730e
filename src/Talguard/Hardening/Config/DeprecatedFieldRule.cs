using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

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
    private static TalosConfigPatch VolumeConfigMigration(LocatedDocument config)
    {
        var documents = new List<TalosPatchDocument>
        {
            new(TalosDocumentSelector.Main, ConfigMapping.Of(("machine", ConfigMapping.Of(("systemDiskEncryption", new DeleteMarker()))))),
        };
        foreach (var (volume, encryption) in DiskEncryptionSettings.Legacy(config).Select(v => (v.Name, v.Encryption)))
        {
            var settings = ConfigMapping.Of(("provider", ConfigScalar.String("luks2")));
            foreach (var scalar in new[] { "cipher", "keySize", "blockSize" })
            {
                if (encryption[scalar] is { IsScalar: true } value && !value.IsNull)
                {
                    settings[scalar] = ConfigScalar.FromYamlScalar(value);
                }
            }

            if (encryption["options"] is { IsSequence: true } options)
            {
                settings["options"] = new ConfigSequence(options.Items.Select(o => ConfigScalar.String(o.Value)));
            }

            settings["keys"] = new ConfigSequence((encryption["keys"]?.Items ?? []).Select(key => MigratedKey(volume, key)));
            var target = new TalosDocumentSelector("v1alpha1", "VolumeConfig", volume);
            documents.Add(new(target, ConfigMapping.Of(
                ("apiVersion", ConfigScalar.String(target.ApiVersion)), ("kind", ConfigScalar.String(target.Kind)), ("name", ConfigScalar.String(volume)),
                ("encryption", settings))));
        }

        return TalosPatch.Of(documents);
    }

    private static ConfigMapping MigratedKey(string volume, YamlNode key)
    {
        var migrated = ConfigMapping.Of(("slot", ConfigScalar.Of(key["slot"]?.AsInt64() ?? 0)));
        if (key["static"] is not null)
        {
            migrated["static"] = ConfigMapping.Of(("passphrase", ConfigScalar.String("${" + volume + "_PASSPHRASE}")));
        }
        else if (key["kms"] is { } kms)
        {
            migrated["kms"] = ConfigMapping.Of(("endpoint", ConfigScalar.String(kms["endpoint"]?.AsString() ?? string.Empty)));
        }
        else if (key["tpm"] is { } tpm)
        {
            migrated["tpm"] = ConfigMapping.Of(("checkSecurebootStatusOnEnroll", ConfigScalar.Of(tpm["checkSecurebootStatusOnEnroll"]?.AsBool() == true)));
        }
        else
        {
            migrated["nodeID"] = new ConfigMapping();
        }

        return migrated;
    }
}
