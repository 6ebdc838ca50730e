namespace Talguard.Findings;

/// <summary>
/// The compliance controls a rule gives evidence for, declared with the rule: CIS Kubernetes Benchmark 1.10 check
/// IDs, PCI DSS 4.0 requirement IDs and SOC 2 (2017 Trust Services Criteria) IDs, taken from the control lists in
/// ../shared/compliance (a test keeps them to those lists). A rule that supports no control says so with the reason.
/// </summary>
public sealed record RuleControls(IReadOnlyList<string> Cis, IReadOnlyList<string> PciDss, IReadOnlyList<string> Soc2, string? NoneReason = null)
{
    public const string CisKey = "cis-1.10";
    public const string PciDssKey = "pci-dss-4.0";
    public const string Soc2Key = "soc2";

    /// <summary>Not decided yet: the catalog test fails on a rule left here.</summary>
    public static RuleControls Undecided { get; } = new([], [], []);

    /// <summary>Controls given as space-separated IDs per framework (<c>"1.2.1 1.2.2"</c>; empty for none).</summary>
    public static RuleControls Of(string cis, string pciDss, string soc2) => new(Split(cis), Split(pciDss), Split(soc2));

    /// <summary>An explicit decision that the rule is evidence for no control, and why.</summary>
    public static RuleControls None(string reason) => new([], [], [], reason);

    public bool IsDecided => NoneReason is not null || Cis.Count + PciDss.Count + Soc2.Count > 0;

    /// <summary>Every control as <c>framework:id</c> (<c>cis-1.10:1.2.1</c>), for SARIF tags and docs.</summary>
    public IEnumerable<string> Tags() =>
        Cis.Select(id => CisKey + ":" + id).Concat(PciDss.Select(id => PciDssKey + ":" + id)).Concat(Soc2.Select(id => Soc2Key + ":" + id));

    private static string[] Split(string ids) => ids.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
