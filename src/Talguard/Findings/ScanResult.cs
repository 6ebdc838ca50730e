using Talguard.Model;

namespace Talguard.Findings;

/// <summary>The complete, sorted outcome of a run that reports findings; what every writer gets.</summary>
public sealed class ScanResult
{
    public ScanResult(IReadOnlyList<Finding> findings, TalosVersion talosVersion, TalosVersion kubernetesVersion, IReadOnlyList<string>? notices = null, IReadOnlyList<string>? files = null)
    {
        var sorted = findings.ToList();
        sorted.Sort(Finding.Compare);
        Findings = sorted;
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

    /// <summary>
    /// For each input file, the rules that ran and apply to what it holds (see <see cref="RuleScope"/>); empty
    /// for verbs that do not run scan rules. JUnit reports the ones that did not fire as passing test cases.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RuleDescriptor>> RulesByFile { get; init; } = new Dictionary<string, IReadOnlyList<RuleDescriptor>>();

    public int Count(Severity severity) => Active.Count(f => f.Severity == severity);

    public int SuppressedCount => Findings.Count(f => f.Suppressed);

    /// <summary>True when an unsuppressed finding is at or above <paramref name="threshold"/> (null = never fail).</summary>
    public bool Fails(Severity? threshold) => threshold is { } t && Active.Any(f => f.Severity >= t);
}
