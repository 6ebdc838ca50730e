using System.Runtime.ExceptionServices;
using Talguard.Model;

namespace Talguard.Findings;

/// <summary>The scan engine: model in, sorted findings out, with suppressions applied.</summary>
public static class Scanner
{
    public static ScanResult Scan(IReadOnlyList<SourceFile> files, ScanOptions options) =>
        Scan(new ClusterModel(files, options.Targets), options, RuleCatalog.ScanRules);

    /// <summary>
    /// Runs <paramref name="rules"/> over <paramref name="model"/>, at most <paramref name="maxDegreeOfParallelism"/>
    /// at once (-1: as the runtime decides); the report is the same whatever the degree.
    /// </summary>
    public static ScanResult Scan(ClusterModel model, ScanOptions options, IEnumerable<Rule> rules, int maxDegreeOfParallelism = -1)
    {
        var ruleList = rules as IReadOnlyList<Rule> ?? [.. rules];
        var byRule = new IReadOnlyList<Finding>[ruleList.Count];
        var failures = new Exception?[ruleList.Count];
        IReadOnlyList<string> ruleNotices;
        using (var context = new ScanContext(model, options))
        {
            // Rules only read the model, so they run side by side; their findings join in catalog order,
            // which keeps the report identical to a one-by-one run.
            Parallel.For(0, ruleList.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
            {
                var own = context.ForRule(ruleList[i].Descriptor);
                try
                {
                    ruleList[i].Check(own);
                }
                catch (Exception ex)
                {
                    failures[i] = ex;
                }

                byRule[i] = own.Findings;
            });
            ruleNotices = context.Notices;
        }

        // The first failing rule in catalog order surfaces as itself, as a one-by-one run would (never an AggregateException).
        if (Array.Find(failures, f => f is not null) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        var ran = ruleList.Select(r => r.Descriptor).ToList();
        // A talhelper patch line is judged alone and in every node it patches: one finding per place and message.
        var (findings, notices) = Suppressions.Apply([.. byRule.SelectMany(f => f).DistinctBy(f => (f.Rule.Id, f.Location, f.Message))], model.Files, options.Exceptions, options.Now);
        notices = [.. ruleNotices, .. notices];
        if (RuleApplicability.NotJudgedOnPatches(model, ran) is { } notJudged)
        {
            notices = [notJudged, .. notices];
        }

        notices = [.. model.TargetNotices(), .. model.Notices, .. notices];

        var talosFiles = model.TalosFiles.ToDictionary(t => t.File);
        return new ScanResult(findings, model.TalosVersion, model.KubernetesVersion, notices,
            files: [.. model.Files.Select(f => f.DisplayPath)])
        {
            Targets = [.. model.TalosFiles.Select(t => new FileTarget(t.File.DisplayPath, t.TalosVersion, t.KubernetesVersion, t.TargetEvidence))],
            RulesByFile = model.Files.DistinctBy(f => f.DisplayPath).ToDictionary(
                f => f.DisplayPath,
                f => (IReadOnlyList<RuleDescriptor>)[.. ran.Where(rule => RuleApplicability.AppliesTo(rule, f, talosFiles.GetValueOrDefault(f)))],
                StringComparer.Ordinal),
        };
    }
}
