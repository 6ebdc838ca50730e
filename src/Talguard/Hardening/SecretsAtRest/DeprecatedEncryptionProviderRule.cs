using Talguard.Findings;

namespace Talguard.Hardening.SecretsAtRest;

/// <summary>TG-SEC-004: KMS v1 (deprecated), or AES-CBC, in an EncryptionConfiguration.</summary>
public sealed class DeprecatedEncryptionProviderRule : Rule
{
    /// <summary>AES-CBC is weaker than secretbox but not deprecated: spec/rules.md makes it low.</summary>
    private static readonly SeverityCase Aescbc = new(Severity.Low, "for an aescbc provider (prefer secretbox or KMS v2)");

    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-SEC-004", Severity.Medium, Section.SecretsAtRest,
        "EncryptionConfiguration uses a deprecated or weak provider",
        "KMS v1 is deprecated (disabled by default since Kubernetes v1.29) and calls the plugin for every read; aescbc "
        + "is CBC without authentication, which Kubernetes recommends against.",
        "Use kms with apiVersion: v2, or secretbox; migrate by adding the new provider first and rewriting Secrets.",
        inputs: RuleInputs.KubernetesManifest | RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("1.2.28", "3.5.1 3.6.1", "CC6.1"),
        otherSeverities: [Aescbc]);

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var configuration in EncryptionConfigurations.In(context))
        {
            foreach (var entry in configuration.Resources?.Items ?? [])
            {
                if (entry["providers"] is not { IsSequence: true } providers)
                {
                    continue;
                }

                foreach (var provider in providers.Items)
                {
                    switch (EncryptionConfigurations.ProviderName(provider))
                    {
                        case "kms" when provider.At("kms", "apiVersion")?.AsString() != "v2":
                            context.Report(Definition, configuration.Document, provider,
                                "kms provider without apiVersion: v2: KMS v1 is deprecated and off by default since Kubernetes v1.29, so the API server may not start");
                            break;
                        case "aescbc":
                            context.Report(Definition, configuration.Document, provider,
                                "aescbc provider: AES-CBC without authentication; prefer secretbox or kms v2", severity: Aescbc.Severity);
                            break;
                    }
                }
            }
        }
    }
}
