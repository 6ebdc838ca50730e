using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>TG-DISK-005: the disk key travels to the KMS over plaintext gRPC.</summary>
public sealed class PlaintextKmsEndpointRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-DISK-005", Severity.Medium, Section.DiskEncryption,
        "KMS endpoint is not https://",
        "Talos speaks gRPC to the KMS; only an https:// endpoint uses TLS. grpc:// or no scheme is plaintext, and the "
        + "KMS has no other authentication than the node UUID, so anyone on the path can read or answer the seal/unseal calls.",
        "Use an https:// endpoint for kms keys (the server certificate must chain to the system roots).",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "3.7.2 4.2.1", "CC6.7"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var (volume, key) in context.Configs.SelectMany(file => DiskEncryptionSettings.Of(file).Keys))
        {
            if (key.KmsEndpoint is { } endpoint && endpoint.AsString() is { Length: > 0 } url
                && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                context.Report(Definition, volume.Document, endpoint,
                    $"KMS endpoint of volume {volume.Name} is not https://: Talos then speaks plaintext gRPC, exposing the seal/unseal exchange of the disk key");
            }
        }
    }
}
