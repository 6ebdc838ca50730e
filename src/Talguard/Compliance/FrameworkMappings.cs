namespace Talguard.Compliance;

/// <summary>The controls of each compliance framework that a rule provides evidence for.</summary>
public sealed record FrameworkControls(IReadOnlyList<string> Cis, IReadOnlyList<string> PciDss, IReadOnlyList<string> Soc2)
{
    public static readonly FrameworkControls None = new([], [], []);

    /// <summary>Every control as <c>framework:id</c> (<c>cis-1.10:1.2.1</c>), for SARIF tags and docs.</summary>
    public IEnumerable<string> Tags() =>
        Cis.Select(id => FrameworkMappings.CisKey + ":" + id)
            .Concat(PciDss.Select(id => FrameworkMappings.PciDssKey + ":" + id))
            .Concat(Soc2.Select(id => FrameworkMappings.Soc2Key + ":" + id));
}

/// <summary>
/// Rule ID → framework controls. Framework keys in reports: <c>cis-1.10</c> (CIS Kubernetes Benchmark 1.10
/// check IDs), <c>pci-dss-4.0</c> (requirement IDs), <c>soc2</c> (2017 Trust Services Criteria). The mapping
/// is Talguard's own judgement of which control a rule gives evidence for; the IDs come from the control
/// lists in ../shared/compliance and a test keeps them to those lists.
/// </summary>
public static class FrameworkMappings
{
    public const string CisKey = "cis-1.10";
    public const string PciDssKey = "pci-dss-4.0";
    public const string Soc2Key = "soc2";

    // Rule, CIS 1.10, PCI DSS 4.0, SOC 2: space-separated control IDs.
    private static readonly (string Rule, string Cis, string PciDss, string Soc2)[] Table =
    [
        ("TG-CONF-001", "", "2.2.1", "CC7.1 CC8.1"),
        ("TG-CONF-002", "", "2.2.1", "CC7.1"),
        ("TG-CONF-003", "", "2.2.1 3.5.1", "CC8.1"),
        ("TG-CONF-004", "", "2.2.1", "CC8.1"),
        ("TG-CONF-005", "5.2.1", "2.2.1", "CC8.1"),
        ("TG-CONF-006", "1.2.16", "2.2.1 10.2.1", "CC8.1"),
        ("TG-CONF-007", "", "2.2.1", "CC8.1"),

        ("TG-BOOT-001", "", "2.2.1 2.2.6", "CC6.8"),
        ("TG-BOOT-002", "", "2.2.1 6.5.1", "CC8.1"),
        ("TG-BOOT-003", "", "3.6.1.2", "CC6.8"),

        ("TG-DISK-001", "", "3.5.1 3.5.1.3", "CC6.1 CC6.7"),
        ("TG-DISK-002", "", "3.5.1 3.5.1.3", "CC6.1 CC6.7"),
        ("TG-DISK-003", "", "3.6.1.2 3.7.3", "CC6.1"),
        ("TG-DISK-004", "", "3.6.1.2 3.7.3", "CC6.1"),
        ("TG-DISK-005", "", "3.7.2 4.2.1", "CC6.7"),
        ("TG-DISK-006", "", "3.6.1", "CC6.1"),
        ("TG-DISK-007", "", "3.6.1", "A1.2"),
        ("TG-DISK-008", "", "3.6.1.2 8.6.2", "CC6.1 CC6.6 CC6.7"),

        ("TG-TPM-001", "", "3.6.1.2", "CC6.1"),
        ("TG-TPM-002", "", "3.6.1.2", "CC6.1 CC6.8"),
        ("TG-TPM-003", "", "2.2.1", "CC8.1"),

        ("TG-SEC-001", "1.2.27 1.2.28", "3.5.1 8.3.2", "CC6.1 CC6.7"),
        ("TG-SEC-002", "1.2.28", "3.5.1", "CC6.1"),
        ("TG-SEC-003", "1.2.27 1.2.28", "3.5.1 8.3.2", "CC6.1 CC6.7"),
        ("TG-SEC-004", "1.2.28", "3.5.1 3.6.1", "CC6.1"),

        ("TG-AUD-001", "3.2.2", "8.3.2 10.3.1", "CC6.1 C1.1"),
        ("TG-AUD-002", "3.2.1 3.2.2", "10.2.1 10.2.1.2", "CC7.2"),
        ("TG-AUD-003", "3.2.2", "10.2.1", "CC7.2"),
        ("TG-AUD-004", "1.2.17 1.2.18 1.2.19", "10.5.1", "CC7.2"),
        ("TG-AUD-005", "1.2.16 3.2.1", "10.2.1", "CC7.1 CC7.2"),
        ("TG-AUD-006", "3.2.2", "10.2.1", "CC7.2"),
        ("TG-AUD-007", "3.2.2", "10.2.2", "CC7.2"),
        ("TG-AUD-008", "3.2.1", "10.2.1 10.7.2", "CC7.2"),

        ("TG-NET-001", "", "1.3.1 1.4.1", "CC6.1 CC6.6"),
        ("TG-NET-002", "", "1.2.5 1.3.1", "CC6.6"),
        ("TG-NET-003", "", "1.3.1 1.4.2", "CC6.6"),
        ("TG-NET-004", "", "1.2.5 1.3.1", "CC6.6"),
        ("TG-NET-005", "", "2.2.1", "CC6.6"),
        ("TG-NET-006", "", "4.2.1 10.3.2", "CC6.7"),

        ("TG-PSS-001", "5.2.1", "2.2.1", "CC6.1 CC6.8"),
        ("TG-PSS-002", "5.2.1 5.2.2", "2.2.1", "CC6.8"),
        ("TG-PSS-003", "5.2.1", "2.2.1", "CC6.8"),
        ("TG-PSS-004", "5.2.1", "2.2.1", "CC6.8"),
        ("TG-PSS-005", "5.2.2", "2.2.1 2.2.3", "CC6.8"),
        ("TG-PSS-006", "5.2.2 5.2.3 5.2.4 5.2.5 5.2.6 5.2.7 5.2.8 5.2.9 5.2.12 5.2.13 5.7.3", "2.2.6", "CC6.8"),
        ("TG-PSS-007", "5.7.2 5.7.3", "2.2.6", "CC6.8"),

        ("TG-ACC-001", "", "7.2.2 7.3.1", "CC6.1 CC6.3"),
        ("TG-ACC-002", "", "8.3.1", "CC6.1"),
        ("TG-ACC-003", "", "7.2.2 7.2.5", "CC6.3"),
        ("TG-ACC-004", "5.1.1", "7.2.2 7.2.5", "CC6.1 CC6.3"),
        ("TG-ACC-005", "5.1.3", "7.2.2", "CC6.3"),
        ("TG-ACC-006", "5.1.8", "7.2.2", "CC6.3"),
        ("TG-ACC-007", "5.1.2", "7.2.2", "CC6.1 CC6.3"),
        ("TG-ACC-008", "5.1.10", "7.2.2", "CC6.3"),
        ("TG-ACC-009", "", "7.3.3 8.3.1", "CC6.1 CC6.2"),

        ("TG-K8S-001", "1.2.1", "8.3.1", "CC6.1"),
        ("TG-K8S-002", "1.2.15 1.3.2 1.4.1", "2.2.4", "CC6.1"),
        ("TG-K8S-003", "1.2.6 1.2.7 1.2.8", "7.3.1 7.3.3", "CC6.1 CC6.3"),
        ("TG-K8S-004", "1.2.10 1.2.14", "2.2.1", "CC6.1"),
        ("TG-K8S-005", "1.2.29 4.2.12", "2.2.7 4.2.1", "CC6.7"),
        ("TG-K8S-006", "4.2.1 4.2.4", "2.2.4 8.3.1", "CC6.1 CC6.6"),
        ("TG-K8S-007", "5.7.2", "2.2.6", "CC6.8"),
        ("TG-K8S-008", "", "2.2.6", "CC6.8"),
        ("TG-K8S-009", "", "2.2.6", "CC6.8"),
        ("TG-K8S-010", "", "2.2.1", "CC7.1"),

        ("TG-CERT-001", "", "3.6.1.3 3.6.1.4", "CC6.1"),
        ("TG-CERT-002", "", "4.2.1", "CC6.7"),
        ("TG-CERT-003", "", "3.7.1 4.2.1", "CC6.7"),
        ("TG-CERT-004", "", "3.7.4", "CC6.2"),
        ("TG-CERT-005", "", "3.7.7 4.2.1", "CC6.1"),
    ];

    private static readonly Dictionary<string, FrameworkControls> ByRule = Table.ToDictionary(
        row => row.Rule,
        row => new FrameworkControls(Split(row.Cis), Split(row.PciDss), Split(row.Soc2)),
        StringComparer.Ordinal);

    /// <summary>Every mapped rule ID, in table order.</summary>
    public static IEnumerable<string> MappedRules => Table.Select(row => row.Rule);

    public static FrameworkControls For(string ruleId) => ByRule.TryGetValue(ruleId, out var controls) ? controls : FrameworkControls.None;

    private static string[] Split(string ids) => ids.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
