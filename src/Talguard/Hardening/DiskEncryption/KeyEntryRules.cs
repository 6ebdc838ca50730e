using System.Text.RegularExpressions;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>TG-DISK-005: the disk key travels to the KMS over plaintext gRPC.</summary>
public sealed class PlaintextKmsEndpointRule : Rule
{
    public static readonly RuleDescriptor Id = RuleDescriptor.Create(
        "TG-DISK-005", Severity.Medium, Section.DiskEncryption,
        "KMS endpoint is not https://",
        "Talos speaks gRPC to the KMS; only an https:// endpoint uses TLS. grpc:// or no scheme is plaintext, and the "
        + "KMS has no other authentication than the node UUID, so anyone on the path can read or answer the seal/unseal calls.",
        "Use an https:// endpoint for kms keys (the server certificate must chain to the system roots).");

    public override RuleDescriptor Descriptor => Id;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.TalosFiles)
        {
            foreach (var volume in EncryptedVolumes.In(file))
            {
                foreach (var key in volume.Keys)
                {
                    if (key.Kms?["endpoint"] is { IsScalar: true } endpoint && endpoint.AsString() is { Length: > 0 } url
                        && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Report(Id, volume.Document, endpoint,
                            $"KMS endpoint of volume {volume.Name} is not https://: Talos then speaks plaintext gRPC, exposing the seal/unseal exchange of the disk key");
                    }
                }
            }
        }
    }
}

/// <summary>TG-DISK-006: an EPHEMERAL or user volume key is not bound to STATE.</summary>
public sealed class LockToStateRule : Rule
{
    public static readonly RuleDescriptor Id = RuleDescriptor.Create(
        "TG-DISK-006", Severity.Low, Section.DiskEncryption,
        "Volume key is not locked to STATE",
        "lockToState: true mixes a random salt stored in (encrypted) STATE into the key, so the volume cannot be unlocked "
        + "on its own, e.g. after STATE was wiped or with a copied disk image.",
        "Set lockToState: true on every key of the EPHEMERAL VolumeConfig and of each UserVolumeConfig (Talos v1.11+).");

    public static readonly TalosVersion Since = new(1, 11);

    public override RuleDescriptor Descriptor => Id;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.TalosFiles.Where(f => f.TalosVersion >= Since))
        {
            foreach (var volume in EncryptedVolumes.In(file).Where(v => !v.IsLegacy && (v.Kind == "UserVolumeConfig" || v.IsSystemVolume(EncryptedVolume.Ephemeral))))
            {
                foreach (var key in volume.Keys.Where(k => k.Node["lockToState"]?.AsBool() != true))
                {
                    context.Report(Id, volume.Document, key.Node,
                        $"key of volume {volume.Name} does not set lockToState: true: it unlocks independently of STATE");
                }
            }
        }
    }
}

/// <summary>TG-DISK-008: a LUKS2 passphrase written into the config.</summary>
public sealed partial class LiteralPassphraseRule : Rule
{
    public static readonly RuleDescriptor Id = RuleDescriptor.Create(
        "TG-DISK-008", Severity.Critical, Section.DiskEncryption,
        "Literal LUKS2 passphrase in the config",
        "A static passphrase written into the file is a disk key in version control, CI logs and every copy of the config.",
        "Replace the value with a ${VAR} placeholder rendered from a secrets manager at deploy time (e.g. SOPS + envsubst), "
        + "rotate the exposed passphrase (talosctl reset of the volume), and prefer tpm or kms keys.");

    public override RuleDescriptor Descriptor => Id;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.TalosFiles)
        {
            foreach (var volume in EncryptedVolumes.In(file))
            {
                foreach (var key in volume.Keys)
                {
                    if (key.Static?["passphrase"] is { IsScalar: true } passphrase && !passphrase.IsNull
                        && passphrase.Value.Length > 0 && !Placeholder().IsMatch(passphrase.Value))
                    {
                        context.Report(Id, volume.Document, passphrase,
                            $"the static key of volume {volume.Name} holds a literal passphrase (value redacted): the disk key is in the file");
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*\}$", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
