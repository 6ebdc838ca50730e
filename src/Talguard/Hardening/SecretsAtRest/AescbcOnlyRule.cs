using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.SecretsAtRest;

/// <summary>TG-SEC-002: Secrets are encrypted with AES-CBC only.</summary>
public sealed class AescbcOnlyRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-SEC-002", Severity.Low, Section.SecretsAtRest,
        "Secrets are encrypted with aescbc, not secretbox",
        "AES-CBC is the provider Kubernetes recommends against (padding-oracle exposure, no authentication); Talos "
        + "configs generated since the v1.3 contract use secretbox (XSalsa20-Poly1305).",
        "Add cluster.secretboxEncryptionSecret (32 random bytes, base64): Talos lists secretbox first, so new writes use it "
        + "while the aescbc key still decrypts old data; rewrite Secrets, then drop aescbcEncryptionSecret.",
        inputs: RuleInputs.ControlPlaneConfig,
        controls: RuleControls.Of("1.2.28", "3.5.1", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            var settings = SecretsEncryptionSettings.Of(file);
            if (settings.SecretboxSecrets.Count == 0 && settings.AescbcSecrets is [var (document, aescbc), ..])
            {
                context.Report(Definition, document, aescbc,
                    "only cluster.aescbcEncryptionSecret is set (value redacted): Secrets are encrypted with AES-CBC; prefer secretbox");
            }
        }
    }
}
