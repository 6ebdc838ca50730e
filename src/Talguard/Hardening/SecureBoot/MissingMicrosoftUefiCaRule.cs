using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-106: a db without the Microsoft UEFI CA on machines whose option ROMs need it.</summary>
public sealed class MissingMicrosoftUefiCaRule : EfiRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-106", Severity.High, Section.SecureBoot,
        "db lacks the Microsoft UEFI CA that option ROMs need",
        "GPUs, NICs and storage controllers carry option ROMs signed by the Microsoft UEFI CA. With Secure Boot enforced and no such CA in db, the firmware refuses them: no display, no network boot, or a machine that does not boot at all.",
        "Append the Microsoft UEFI CA 2011 and 2023 certificates to db (talosctl gen secureboot database --include-well-known-uefi-certs, or a KEK-signed append update), or confirm the hardware has no option ROMs.",
        RuleInputs.EfiFile,
        RuleControls.None("a db that refuses option ROMs keeps machines from booting: an availability concern that no CIS, PCI DSS or SOC 2 control in our lists covers"));

    public override RuleDescriptor Descriptor => Definition;

    private static readonly string[] MicrosoftUefiCas = ["Microsoft Corporation UEFI CA 2011", "Microsoft UEFI CA 2023", "Microsoft Option ROM UEFI CA 2023"];

    public override IEnumerable<Finding> Check(EfiFacts facts) =>
        facts.Options.OptionRoms
            ? facts.Databases.Where(d => !d.Subjects.Any(s => MicrosoftUefiCas.Any(ca => s.Contains(ca, StringComparison.Ordinal))))
                .Select(d => Report(d.Location, "db has no Microsoft UEFI CA (2011 or 2023) and --hardware option-roms says GPU/NIC/RAID option ROMs need it: the machine may not boot or show no display"))
            : [];
}
