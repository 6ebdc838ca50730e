using Talguard.Model;

namespace Talguard.Findings;

/// <summary>What a rule sees while it runs: the model, the options, and where to report.</summary>
public sealed class ScanContext : IDisposable
{
    private readonly List<Finding> _findings = [];
    private readonly Dictionary<Type, object> _shared = [];

    public ScanContext(ClusterModel model, ScanOptions options)
    {
        Model = model;
        Options = options;
    }

    public ClusterModel Model { get; }

    public ScanOptions Options { get; }

    public IReadOnlyList<Finding> Findings => _findings;

    /// <summary>
    /// Data derived from the model that several rules read (a decoded certificate inventory, the
    /// addresses the inputs reveal): built by the first rule that asks, once per scan. Rules stay stateless.
    /// </summary>
    public T Shared<T>(Func<ClusterModel, T> create)
        where T : class
    {
        if (!_shared.TryGetValue(typeof(T), out var value))
        {
            value = create(Model);
            _shared[typeof(T)] = value;
        }

        return (T)value;
    }

    public void Dispose()
    {
        foreach (var value in _shared.Values.OfType<IDisposable>())
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
