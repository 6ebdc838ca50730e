using Talguard.Model;

namespace Talguard.Findings;

/// <summary>The scan service: model in, sorted findings out.</summary>
public static class Scanner
{
    public static ScanResult Scan(IReadOnlyList<SourceFile> files, ScanOptions options) =>
        Scan(new ClusterModel(files, options.Targets), options, RuleCatalog.ScanRules);

    public static ScanResult Scan(ClusterModel model, ScanOptions options, IEnumerable<Rule> rules)
    {
        var context = new ScanContext(model, options);
        foreach (var rule in rules)
        {
            rule.Check(context);
        }

        return new ScanResult(context.Findings, model.TalosVersion, model.KubernetesVersion,
            files: [.. model.Files.Select(f => f.DisplayPath)]);
    }
}
