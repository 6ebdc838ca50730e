using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Tpm;

/// <summary>TG-TPM-003: <c>tpm.options</c> before Talos v1.12, which rejects the config.</summary>
public sealed class TpmOptionsVersionRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-TPM-003", Severity.High, Section.Tpm,
        "tpm.options needs Talos v1.12",
        "PCR selection (tpm.options.pcrs) arrived in Talos v1.12; older releases reject it as an unknown key and refuse the "
        + "whole config. Before v1.12 keys are always bound to PCR 7 plus the signed PCR 11 policy. (The hardening guide's "
        + "tpm: {pcrs: [...]} is no Talos shape at any version: PCRs go under tpm.options.pcrs of a VolumeConfig key.)",
        "Remove tpm.options or target Talos v1.12 or later.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "2.2.1", "CC8.1"),
        versions: new TalosVersionRange(TalosVersionRange.All.First, new TalosVersion(1, 11)));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs.Where(f => Definition.Versions.Contains(f.TalosVersion)))
        {
            foreach (var (volume, key) in DiskEncryptionSettings.Of(file).TpmKeys)
            {
                if (key.TpmOptions is { } options)
                {
                    context.Report(Definition, volume.Document, options,
                        $"tpm.options of volume {volume.Name} needs Talos v1.12, the target is {file.TalosVersion}: the config is rejected as a whole");
                }
            }
        }
    }
}
