using System.Text.RegularExpressions;
using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>TG-DISK-008: a LUKS2 passphrase written into the config.</summary>
public sealed partial class LiteralPassphraseRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-DISK-008", Severity.Critical, Section.DiskEncryption,
        "Literal LUKS2 passphrase in the config",
        "A static passphrase written into the file is a disk key in version control, CI logs and every copy of the config.",
        "Replace the value with a ${VAR} placeholder rendered from a secrets manager at deploy time (e.g. SOPS + envsubst), "
        + "rotate the exposed passphrase (talosctl reset of the volume), and prefer tpm or kms keys.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "3.6.1.2 8.6.2", "CC6.1 CC6.6 CC6.7"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var (volume, key) in context.Configs.SelectMany(file => DiskEncryptionSettings.Of(file).Keys))
        {
            if (key.StaticPassphrase is { } passphrase && passphrase.Value.Length > 0 && !Placeholder().IsMatch(passphrase.Value))
            {
                context.Report(Definition, volume.Document, passphrase,
                    $"the static key of volume {volume.Name} holds a literal passphrase (value redacted): the disk key is in the file");
            }
        }
    }

    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*\}$", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
