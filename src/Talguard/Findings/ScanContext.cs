using System.Collections.Concurrent;
using Talguard.Model;
using Talguard.Model.Talos.Patching;

namespace Talguard.Findings;

/// <summary>
/// What a rule sees while it runs: the model, the options, and where to report. Rules of one scan run
/// concurrently, each with its own context (<see cref="ForRule"/>) over the same model and shared data.
/// </summary>
public sealed class ScanContext : IDisposable
{
    private readonly List<Finding> _findings = [];
    private readonly Dictionary<(string Rule, string File), int> _reported = [];
    private readonly Dictionary<(string Rule, string File), (Finding First, int Count, Severity Highest)> _folded = [];
    private readonly ConcurrentDictionary<Type, Lazy<object>> _shared;
    private readonly bool _ownsShared;

    public ScanContext(ClusterModel model, ScanOptions options)
        : this(model, options, new ConcurrentDictionary<Type, Lazy<object>>(), ownsShared: true)
    {
    }

    private ScanContext(ClusterModel model, ScanOptions options, ConcurrentDictionary<Type, Lazy<object>> shared, bool ownsShared, RuleDescriptor? rule = null)
    {
        Rule = rule;
        Model = model;
        Options = options;
        _shared = shared;
        _ownsShared = ownsShared;
    }

    public ClusterModel Model { get; }

    /// <summary>The rule this context runs (null for the scan-wide context).</summary>
    public RuleDescriptor? Rule { get; }

    /// <summary>
    /// The Talos files this rule judges, as its <see cref="RuleDescriptor.Inputs"/> declare: complete control-plane
    /// and worker configs by role, and patches (bare strategic-merge documents and split documents) when the rule
    /// judges values that are present; only files whose Talos release is one the rule applies to. A rule that
    /// declares no Talos input gets none.
    /// </summary>
    public IEnumerable<TalosConfigFile> Configs
    {
        get
        {
            var rule = Rule;
            return rule is null ? [] : Model.TalosFiles.Where(file => RuleApplicability.Judges(rule, file));
        }
    }

    public ScanOptions Options { get; }

    /// <summary>What was reported, findings folded into a summary included as that summary (see <see cref="Add"/>).</summary>
    public IReadOnlyList<Finding> Findings =>
        _folded.Count == 0 ? _findings : [.. _findings, .. _folded.Values.Select(f => ScanResult.Summary(f.First, f.Count, f.Highest))];

    /// <summary>A context for one more rule: same model, options and shared data, its own findings.</summary>
    public ScanContext ForRule(RuleDescriptor rule) => new(Model, Options, _shared, ownsShared: false, rule);

    /// <summary>
    /// Data derived from the model that several rules read (a decoded certificate inventory, the
    /// addresses the inputs reveal): built once per scan by the first rule that asks, while any other
    /// rule asking meanwhile waits for it. Rules stay stateless.
    /// </summary>
    public T Shared<T>(Func<ClusterModel, T> create)
        where T : class =>
        (T)_shared.GetOrAdd(typeof(T), static (_, state) => new Lazy<object>(() => state.create(state.Model), LazyThreadSafetyMode.ExecutionAndPublication), (create, Model)).Value;

    /// <summary>
    /// Tells the user something about the whole scan that is not a finding (an assumption a rule had to make); the
    /// report lists each distinct notice once, in ordinal order, whatever order the rules ran in.
    /// </summary>
    public void AddNotice(string notice) => Shared(static _ => new RunNotices()).Texts.TryAdd(notice, 0);

    /// <summary>The notices rules added, in ordinal order.</summary>
    public IReadOnlyList<string> Notices => [.. Shared(static _ => new RunNotices()).Texts.Keys.Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        if (!_ownsShared)
        {
            return;
        }

        foreach (var value in _shared.Values.Where(v => v.IsValueCreated).Select(v => v.Value).OfType<IDisposable>())
        {
            value.Dispose();
        }

        _shared.Clear();
    }

    /// <summary>Reports a finding at an existing node.</summary>
    public void Report(RuleDescriptor rule, LocatedDocument document, YamlNode node, string message, TalosConfigPatch? patch = null, Severity? severity = null) =>
        Add(new Finding(rule, severity ?? rule.Severity, message, Location.At(document, node), ObjectReference.Of(document)) { Fix = patch });

    /// <summary>
    /// Reports something missing: <paramref name="path"/> is where it belongs, and the position is that
    /// of the nearest node that exists (<paramref name="nearest"/>, or the document start when null).
    /// </summary>
    public void ReportMissing(RuleDescriptor rule, LocatedDocument document, YamlNode? nearest, string path, string message, TalosConfigPatch? patch = null, Severity? severity = null) =>
        Add(new Finding(rule, severity ?? rule.Severity, message, Location.At(document, nearest, path), ObjectReference.Of(document)) { Fix = patch });

    /// <summary>Reports at the deepest existing node along <paramref name="keys"/>, with the full path as the place.</summary>
    public void ReportMissingPath(RuleDescriptor rule, LocatedDocument document, string message, TalosConfigPatch? patch, params ReadOnlySpan<string> keys)
    {
        var nearest = document.Root;
        foreach (var key in keys)
        {
            var next = nearest?[key];
            if (next is null)
            {
                break;
            }

            nearest = next;
        }

        ReportMissing(rule, document, nearest, YamlPath.Join(keys), message, patch);
    }

    /// <summary>
    /// Keeps the finding, unless its rule already reported <see cref="ScanResult.MaxFindingsPerRuleAndFile"/> in its
    /// file: then it is folded into one summary finding (the report would list only that many anyway), so 200,000
    /// duplicate keys cost no more memory than a hundred. Only when no <c>talguard:ignore</c> comment in the file
    /// names the rule, as then suppressions treat all of them alike (an exception matches by rule and file).
    /// </summary>
    public void Add(Finding finding)
    {
        var key = (finding.Rule.Id, finding.Location.File);
        var count = _reported.GetValueOrDefault(key) + 1;
        _reported[key] = count;
        if (count <= ScanResult.MaxFindingsPerRuleAndFile || Shared(static model => new InlineIgnores(model)).Names(key.Id, key.File))
        {
            _findings.Add(finding);
        }
        else if (_folded.TryGetValue(key, out var folded))
        {
            _folded[key] = (folded.First, folded.Count + 1, folded.Highest > finding.Severity ? folded.Highest : finding.Severity);
        }
        else
        {
            _folded[key] = (finding, 1, finding.Severity);
        }
    }

    /// <summary>Per file and rule, whether an inline <c>talguard:ignore</c> comment names the rule; worked out when first asked.</summary>
    private sealed class InlineIgnores(ClusterModel model)
    {
        private readonly ConcurrentDictionary<(string Rule, string File), bool> _named = new();

        public bool Names(string ruleId, string file) =>
            _named.GetOrAdd((ruleId, file), static (key, files) =>
                files.Any(f => f.DisplayPath == key.File && Suppressions.NamedInComments(f, key.Rule)), model.Files);
    }
}

/// <summary>The notices of one scan, under a type of their own among the shared values.</summary>
internal sealed class RunNotices
{
    public ConcurrentDictionary<string, byte> Texts { get; } = new(StringComparer.Ordinal);
}
