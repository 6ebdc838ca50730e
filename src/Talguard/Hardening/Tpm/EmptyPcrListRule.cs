using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Tpm;

/// <summary>TG-TPM-001: <c>tpm.options.pcrs: []</c> drops the PCR 7 binding.</summary>
public sealed class EmptyPcrListRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-TPM-001", Severity.Medium, Section.Tpm,
        "TPM key is bound to no PCR besides the signed PCR 11 policy",
        "An empty pcrs list removes the default PCR 7 binding (Secure Boot state and enrolled keys); only the signed "
        + "PCR 11 policy remains, so the key still unseals after Secure Boot is turned off or its keys are replaced.",
        "Remove options.pcrs (the default binds PCR 7) or list the PCRs to bind, e.g. pcrs: [7].",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "3.6.1.2", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            foreach (var (volume, key) in DiskEncryptionSettings.Of(file).TpmKeys)
            {
                if (key.TpmPcrs is { IsSequence: true, Items.Count: 0 } pcrs)
                {
                    context.Report(Definition, volume.Document, pcrs,
                        $"TPM key of volume {volume.Name} has pcrs: []: it is no longer bound to PCR 7 (Secure Boot state), only to the signed PCR 11 policy");
                }
            }
        }
    }
}
