using Talguard.Findings;

namespace Talguard.Hardening.SecretsAtRest;

/// <summary>TG-SEC-003: an EncryptionConfiguration that writes plaintext, or does not cover Secrets.</summary>
public sealed class EncryptionProviderOrderRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-SEC-003", Severity.High, Section.SecretsAtRest,
        "EncryptionConfiguration stores data in plaintext",
        "The API server encrypts new writes with the first provider of the matching resources entry: identity first means "
        + "plaintext in etcd, and resources no entry covers (Secrets above all) are never encrypted.",
        "Cover secrets in a resources entry whose first provider is secretbox, aesgcm or kms (apiVersion: v2); keep "
        + "identity only last, to read data written before encryption.",
        inputs: RuleInputs.KubernetesManifest | RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("1.2.27 1.2.28", "3.5.1 8.3.2", "CC6.1 CC6.7"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var configuration in EncryptionConfigurations.In(context))
        {
            var entries = configuration.Resources?.Items ?? [];
            foreach (var entry in entries)
            {
                if (entry["providers"] is { IsSequence: true, Items.Count: > 0 } providers
                    && EncryptionConfigurations.ProviderName(providers.Items[0]) == "identity")
                {
                    context.Report(Definition, configuration.Document, providers,
                        EncryptionConfigurations.CoversSecrets(entry)
                            ? "identity is the first provider for secrets: new Secrets are written to etcd in plaintext"
                            : "identity is the first provider: these resources are written to etcd in plaintext");
                }
            }

            if (!entries.Any(EncryptionConfigurations.CoversSecrets))
            {
                const string message = "no resources entry covers secrets: Secrets are written to etcd in plaintext";
                if (entries.FirstOrDefault()?["providers"] is { } firstProviders)
                {
                    context.Report(Definition, configuration.Document, firstProviders, message);
                }
                else
                {
                    var resourcesPath = configuration.Body.Path.Length == 0 ? "resources" : configuration.Body.Path + ".resources";
                    context.ReportMissing(Definition, configuration.Document, configuration.Resources ?? configuration.Body, resourcesPath, message);
                }
            }
        }
    }
}
