using System.Collections.Concurrent;
using Talguard.Model;

namespace Talguard.Findings;

/// <summary>
/// What a rule sees while it runs: the model, the options, and where to report. Rules of one scan run
/// concurrently, each with its own context (<see cref="ForRule"/>) over the same model and shared data.
/// </summary>
public sealed class ScanContext : IDisposable
{
    private readonly List<Finding> _findings = [];
    private readonly ConcurrentDictionary<Type, Lazy<object>> _shared;
    private readonly bool _ownsShared;

    public ScanContext(ClusterModel model, ScanOptions options)
        : this(model, options, new ConcurrentDictionary<Type, Lazy<object>>(), ownsShared: true)
    {
    }

    private ScanContext(ClusterModel model, ScanOptions options, ConcurrentDictionary<Type, Lazy<object>> shared, bool ownsShared)
    {
        Model = model;
        Options = options;
        _shared = shared;
        _ownsShared = ownsShared;
    }

    public ClusterModel Model { get; }

    public ScanOptions Options { get; }

    public IReadOnlyList<Finding> Findings => _findings;

    /// <summary>A context for one more rule: same model, options and shared data, its own findings.</summary>
    public ScanContext ForRule() => new(Model, Options, _shared, ownsShared: false);

    /// <summary>
    /// Data derived from the model that several rules read (a decoded certificate inventory, the
    /// addresses the inputs reveal): built once per scan by the first rule that asks, while any other
    /// rule asking meanwhile waits for it. Rules stay stateless.
    /// </summary>
    public T Shared<T>(Func<ClusterModel, T> create)
        where T : class =>
        (T)_shared.GetOrAdd(typeof(T), static (_, state) => new Lazy<object>(() => state.create(state.Model), LazyThreadSafetyMode.ExecutionAndPublication), (create, Model)).Value;

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
    public void Report(RuleDescriptor rule, LocatedDocument document, YamlNode node, string message, string? patch = null, Severity? severity = null) =>
        Add(new Finding(rule, severity ?? rule.Severity, message, Location.At(document, node), ObjectReference.Of(document), patch));

    /// <summary>
    /// Reports something missing: <paramref name="path"/> is where it belongs, and the position is that
    /// of the nearest node that exists (<paramref name="nearest"/>, or the document start when null).
    /// </summary>
    public void ReportMissing(RuleDescriptor rule, LocatedDocument document, YamlNode? nearest, string path, string message, string? patch = null, Severity? severity = null) =>
        Add(new Finding(rule, severity ?? rule.Severity, message, Location.At(document, nearest, path), ObjectReference.Of(document), patch));

    /// <summary>Reports at the deepest existing node along <paramref name="keys"/>, with the full path as the place.</summary>
    public void ReportMissingPath(RuleDescriptor rule, LocatedDocument document, string message, string? patch, params ReadOnlySpan<string> keys)
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

    public void Add(Finding finding) => _findings.Add(finding);
}
