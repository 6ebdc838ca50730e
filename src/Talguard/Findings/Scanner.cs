using Talguard.Model;

namespace Talguard.Findings;

/// <summary>The scan service: model in, sorted findings out, with suppressions applied.</summary>
public static class Scanner
{
    public static ScanResult Scan(IReadOnlyList<SourceFile> files, ScanOptions options) =>
        Scan(new ClusterModel(files, options.Targets), options, RuleCatalog.ScanRules);

    public static ScanResult Scan(ClusterModel model, ScanOptions options, IEnumerable<Rule> rules)
    {
        using var context = new ScanContext(model, options);
        var ran = new List<RuleDescriptor>();
        foreach (var rule in rules)
        {
            rule.Check(context);
            ran.Add(rule.Descriptor);
        }

        var (findings, notices) = Suppressions.Apply(context.Findings, model.Files, options.Exceptions, options.Now);
        return new ScanResult(findings, model.TalosVersion, model.KubernetesVersion, notices,
            files: [.. model.Files.Select(f => f.DisplayPath)])
        {
            RulesByFile = model.Files.DistinctBy(f => f.DisplayPath).ToDictionary(f => f.DisplayPath, f => (IReadOnlyList<RuleDescriptor>)[.. ran.Where(RuleScope.Of(f))], StringComparer.Ordinal),
        };
    }
}
