using Talguard.Model;

namespace Talguard.Findings;

/// <summary>The complete, sorted outcome of a run that reports findings; what every writer gets.</summary>
public sealed class ScanResult
{
    /// <summary>
    /// A report lists at most this many active (and as many suppressed) findings of one rule in one file,
    /// the first in report order; one more finding says how many were left out and where the first of them is.
    /// </summary>
    public const int MaxFindingsPerRuleAndFile = 100;

    public ScanResult(IReadOnlyList<Finding> findings, TalosVersion talosVersion, TalosVersion kubernetesVersion, IReadOnlyList<string>? notices = null, IReadOnlyList<string>? files = null)
    {
        var sorted = findings.ToList();
        sorted.Sort(Finding.Compare);
        Findings = Capped(sorted);
        TalosVersion = talosVersion;
        KubernetesVersion = kubernetesVersion;
        Notices = notices ?? [];
        Files = files ?? [.. findings.Select(f => f.Location.File).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>All findings, suppressed ones included (marked), sorted as findings-json.md says.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    public IEnumerable<Finding> Active => Findings.Where(f => !f.Suppressed);

    public TalosVersion TalosVersion { get; }

    public TalosVersion KubernetesVersion { get; }

    /// <summary>Things the user should know that are not findings (an expired exception, a skipped file).</summary>
    public IReadOnlyList<string> Notices { get; }

    /// <summary>Every input file examined, for formats that list passing files too (JUnit).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Inputs that could not be read or parsed; the other files are still judged, and the run exits 2.</summary>
    public IReadOnlyList<InputError> Errors { get; init; } = [];

    /// <summary>Files a directory scan found but did not judge, so none is dropped silently.</summary>
    public IReadOnlyList<SkippedInput> Skipped { get; init; } = [];

    /// <summary>Per Talos config file, the releases it was judged against; empty when no Talos config was read.</summary>
    public IReadOnlyList<FileTarget> Targets { get; init; } = [];

    /// <summary>For a scan of a merged config (<c>scan --merge</c>): the base file, then the patches in the order applied; empty otherwise.</summary>
    public IReadOnlyList<string> MergedFiles { get; init; } = [];

    /// <summary>
    /// For each input file, the rules that ran and apply to what it holds (see <see cref="RuleApplicability"/>); empty
    /// for verbs that do not run scan rules. JUnit reports the ones that did not fire as passing test cases.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RuleDescriptor>> RulesByFile { get; init; } = new Dictionary<string, IReadOnlyList<RuleDescriptor>>();

    /// <summary>
    /// This report with what loading the inputs found beside the findings: the listing's notices go first (they say
    /// what the findings do not cover), then the errors and skipped files.
    /// </summary>
    public ScanResult WithInputs(IReadOnlyList<string> loadNotices, IReadOnlyList<InputError> errors, IReadOnlyList<SkippedInput> skipped) =>
        new(Findings, TalosVersion, KubernetesVersion, [.. loadNotices, .. Notices], Files)
        {
            Errors = errors,
            Skipped = skipped,
            Targets = Targets,
            MergedFiles = MergedFiles,
            RulesByFile = RulesByFile,
        };

    public int Count(Severity severity) => Active.Count(f => f.Severity == severity);

    public int SuppressedCount => Findings.Count(f => f.Suppressed);

    /// <summary>True when an unsuppressed finding is at or above <paramref name="threshold"/> (null = never fail).</summary>
    public bool Fails(Severity? threshold) => threshold is { } t && Active.Any(f => f.Severity >= t);

    /// <summary>
    /// Keeps a report's size in proportion to what a reader can act on: 200,000 repeats of one key are one
    /// problem, not 200,000 lines. The summary finding takes the highest severity it stands for, so the exit
    /// code and <c>--fail-on</c> are what the full list would give.
    /// </summary>
    private static List<Finding> Capped(List<Finding> sorted)
    {
        var listed = new Dictionary<(string Rule, string File, bool Suppressed), int>();
        var omitted = new Dictionary<(string Rule, string File, bool Suppressed), (Finding First, int Count, Severity Highest)>();
        var kept = new List<Finding>(Math.Min(sorted.Count, 1024));
        foreach (var finding in sorted)
        {
            var key = (finding.Rule.Id, finding.Location.File, finding.Suppressed);
            var count = listed.GetValueOrDefault(key);
            if (count < MaxFindingsPerRuleAndFile)
            {
                listed[key] = count + 1;
                kept.Add(finding);
            }
            else if (omitted.TryGetValue(key, out var left))
            {
                omitted[key] = (left.First, left.Count + finding.Represents, left.Highest > finding.Severity ? left.Highest : finding.Severity);
            }
            else
            {
                omitted[key] = (finding, finding.Represents, finding.Severity);
            }
        }

        if (omitted.Count == 0)
        {
            return kept;
        }

        foreach (var (first, count, highest) in omitted.Values)
        {
            kept.Add(Summary(first, count, highest));
        }

        kept.Sort(Finding.Compare);
        return kept;
    }

    /// <summary>The finding that stands for <paramref name="count"/> findings left out, at the place of the <paramref name="first"/> of them.</summary>
    internal static Finding Summary(Finding first, int count, Severity highest) => first with
    {
        Severity = highest,
        Message = $"{count} more {(first.Suppressed ? "suppressed findings" : "findings")} of {first.Rule.Id} in this file are not listed, " +
            $"the first of them here (a report lists at most {MaxFindingsPerRuleAndFile} per rule and file)",
        Object = null,
        Patch = null,
        Represents = count,
    };
}
