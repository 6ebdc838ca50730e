using Talguard.Findings;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.Config;

internal static class ConfigRuleTestSupport
{
    public static IReadOnlyList<Finding> Run(Rule rule, string text, TalosVersion? talos = null, TalosVersion? kubernetes = null) =>
        Yaml.Check(rule, new ScanOptions { Targets = new TargetOverrides(talos, kubernetes) }, ("node.yaml", text));

    public static List<string> Paths(this IReadOnlyList<Finding> findings) => [.. findings.Select(f => f.Location.Path)];
}
