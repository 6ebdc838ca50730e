using System.Runtime.ExceptionServices;
using Talguard.Model;
using Talguard.Model.Talos.Patching;

namespace Talguard.Findings;

/// <summary>The scan service: model in, sorted findings out, with suppressions applied.</summary>
public static class Scanner
{
    /// <summary>
    /// What <c>talguard scan PATH...</c> does: load the files and directories (<c>-</c> is <paramref name="standardInput"/>)
    /// and scan them, without garbage collections in between when the input is of a size that allows it.
    /// </summary>
    public static ScanResult ScanPaths(IReadOnlyList<string> paths, ScanOptions options, Func<Stream>? standardInput = null)
    {
        var inputs = InputLoader.List(paths, standardInput);
        ScanResult result;
        using (CollectionFreeRegion.For(inputs.Bytes))
        {
            result = Scan(inputs.Parse(), options);
        }

        // What the directory walks skipped comes first: it says what the findings do not cover.
        return inputs.Notices.Count == 0 ? result
            : new ScanResult(result.Findings, result.TalosVersion, result.KubernetesVersion, [.. inputs.Notices, .. result.Notices], result.Files) { RulesByFile = result.RulesByFile };
    }

    /// <summary>
    /// What <c>talguard scan --merge BASE PATCH...</c> does: apply the patches to the base as Talos would and scan the
    /// result as one node config; findings point at the base or patch line that set the value.
    /// </summary>
    public static ScanResult ScanMerged(string basePath, IReadOnlyList<string> patchPaths, ScanOptions options)
    {
        var merged = MergedConfig.Load(basePath, patchPaths);
        var result = Scan([merged], options);
        var inputs = (IReadOnlyList<string>)[merged.DisplayPath, .. patchPaths.Select(p => p.Replace(Path.DirectorySeparatorChar, '/'))];
        return new ScanResult(result.Findings, result.TalosVersion, result.KubernetesVersion, result.Notices, inputs)
        {
            RulesByFile = result.RulesByFile,
            MergedFiles = inputs,
        };
    }

    public static ScanResult Scan(IReadOnlyList<SourceFile> files, ScanOptions options) =>
        Scan(new ClusterModel(files, options.Targets), options, RuleCatalog.ScanRules);

    public static ScanResult Scan(ClusterModel model, ScanOptions options, IEnumerable<Rule> rules)
    {
        var ruleList = rules as IReadOnlyList<Rule> ?? [.. rules];
        var byRule = new IReadOnlyList<Finding>[ruleList.Count];
        var failures = new Exception?[ruleList.Count];
        using (var context = new ScanContext(model, options))
        {
            // Rules only read the model, so they run side by side; their findings join in catalog order,
            // which keeps the report identical to a one-by-one run.
            Parallel.For(0, ruleList.Count, i =>
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
        }

        // The first failing rule in catalog order surfaces as itself, as a one-by-one run would (never an AggregateException).
        if (Array.Find(failures, f => f is not null) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        var ran = ruleList.Select(r => r.Descriptor).ToList();
        var (findings, notices) = Suppressions.Apply([.. byRule.SelectMany(f => f)], model.Files, options.Exceptions, options.Now);
        return new ScanResult(findings, model.TalosVersion, model.KubernetesVersion, notices,
            files: [.. model.Files.Select(f => f.DisplayPath)])
        {
            RulesByFile = model.Files.DistinctBy(f => f.DisplayPath).ToDictionary(f => f.DisplayPath, f => (IReadOnlyList<RuleDescriptor>)[.. ran.Where(RuleScope.Of(f))], StringComparer.Ordinal),
        };
    }
}
