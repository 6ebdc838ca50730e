using Talguard.Findings;

namespace Talguard.Cli.Rendering;

/// <summary>
/// <c>--min-severity</c>: which findings a report shows. It changes what is displayed only; the exit code is
/// judged on every finding (<c>--fail-on</c>), so a filtered report never hides a failing run.
/// </summary>
/// <param name="MinSeverity">The lowest severity shown; null shows all.</param>
/// <param name="Hidden">How many active findings the filter left out (the table's summary says so).</param>
public sealed record DisplayFilter(Severity? MinSeverity, int Hidden)
{
    public static DisplayFilter None { get; } = new(null, 0);

    /// <summary>
    /// <paramref name="result"/> with only the findings (active and suppressed) at or above <paramref name="minSeverity"/>,
    /// and the filter that says how many active ones it left out. For JUnit, a rule whose findings in a file are
    /// all left out is no longer listed for that file, so it is not reported as passing there.
    /// </summary>
    public static (ScanResult Result, DisplayFilter Filter) Apply(ScanResult result, Severity? minSeverity)
    {
        if (minSeverity is not { } min)
        {
            return (result, None);
        }

        var kept = result.Findings.Where(f => f.Severity >= min).ToList();
        if (kept.Count == result.Findings.Count)
        {
            return (result, new DisplayFilter(min, 0));
        }

        var left = result.Findings.Where(f => f.Severity < min).ToList();
        var shownRules = kept.Select(f => (f.Location.File, f.Rule.Id)).ToHashSet();
        var hiddenRules = left.Select(f => (f.Location.File, f.Rule.Id)).Where(key => !shownRules.Contains(key)).ToHashSet();
        var rulesByFile = result.RulesByFile.ToDictionary(
            entry => entry.Key,
            entry => (IReadOnlyList<RuleDescriptor>)[.. entry.Value.Where(rule => !hiddenRules.Contains((entry.Key, rule.Id)))],
            StringComparer.Ordinal);
        var filtered = new ScanResult(kept, result.TalosVersion, result.KubernetesVersion, result.Notices, result.Files)
        {
            Errors = result.Errors,
            Skipped = result.Skipped,
            Targets = result.Targets,
            MergedFiles = result.MergedFiles,
            RulesByFile = rulesByFile,
        };
        return (filtered, new DisplayFilter(min, left.Count(f => !f.Suppressed)));
    }
}
