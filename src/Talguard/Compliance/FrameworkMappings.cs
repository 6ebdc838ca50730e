namespace Talguard.Compliance;

/// <summary>The controls of each compliance framework that a rule provides evidence for.</summary>
public sealed record FrameworkControls(IReadOnlyList<string> Cis, IReadOnlyList<string> PciDss, IReadOnlyList<string> Soc2)
{
    public static readonly FrameworkControls None = new([], [], []);
}

/// <summary>Rule ID → framework controls. Framework keys in reports: <c>cis-1.10</c>, <c>pci-dss-4.0</c>, <c>soc2</c>.</summary>
public static class FrameworkMappings
{
    public const string CisKey = "cis-1.10";
    public const string PciDssKey = "pci-dss-4.0";
    public const string Soc2Key = "soc2";

    private static readonly Dictionary<string, FrameworkControls> ByRule = new(StringComparer.Ordinal)
    {
    };

    public static FrameworkControls For(string ruleId) => ByRule.TryGetValue(ruleId, out var controls) ? controls : FrameworkControls.None;
}
