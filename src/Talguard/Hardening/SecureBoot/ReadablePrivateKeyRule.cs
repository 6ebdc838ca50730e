using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-107: a private key file that group or others may read.</summary>
public sealed class ReadablePrivateKeyRule : EfiRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-107", Severity.High, Section.SecureBoot,
        "Secure Boot private key is readable by group or others",
        "Whoever reads the PK, KEK, db or UKI signing key can sign boot code or key updates the machines trust.",
        "chmod 600 the key file (better: keep signing keys in an HSM or offline).",
        RuleInputs.EfiFile,
        RuleControls.Of("", "3.6.1 3.7.3", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    public override IEnumerable<Finding> Check(EfiFacts facts) =>
        facts.PrivateKeys.Where(k => k.Mode is { } mode && (mode & GroupOrOther) != 0)
            .Select(k => Report(k.Location, $"mode {Convert.ToString((int)k.Mode!.Value, 8).PadLeft(4, '0')} lets group or others read the private key"));
}
