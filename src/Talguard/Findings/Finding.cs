using Talguard.Model.Talos.Patching;
using Talguard.Reports;

namespace Talguard.Findings;

/// <summary>
/// One rule firing at one place. Messages name where a secret is, never its value. Every text a finding
/// carries has a bounded size, whatever the input held (a 200 MB scalar, a key of a million characters):
/// longer text is shortened around an ellipsis here, so no rule and no writer has to; line and column stay exact.
/// </summary>
public sealed record Finding(
    RuleDescriptor Rule,
    Severity Severity,
    string Message,
    Location Location,
    ObjectReference? Object = null,
    string? Patch = null)
{
    /// <summary>Longest message a finding carries; real messages stay well below it (the longest are about 400 characters).</summary>
    public const int MaxMessageChars = 1000;

    /// <summary>Longest YAML path, object name or namespace; Kubernetes names have at most 253 characters.</summary>
    public const int MaxNameChars = 300;

    /// <summary>A patch longer than this is left out: a patch cut short would not apply.</summary>
    public const int MaxPatchChars = 64 * 1024;

    private string? _patch = Bounded(Patch);
    private TalosConfigPatch? _fix;
    private bool _fixToRender;

    public string Message { get; init => field = DisplayText.Shorten(value, MaxMessageChars); } = DisplayText.Shorten(Message, MaxMessageChars);

    public Location Location { get; init => field = Bounded(value); } = Bounded(Location);

    public ObjectReference? Object { get; init => field = Bounded(value); } = Bounded(Object);

    /// <summary>
    /// The remediation as text: the rendered <see cref="Fix"/> for a Talos config, else a Kubernetes manifest to apply.
    /// Reports show this; null when there is none.
    /// </summary>
    public string? Patch
    {
        get
        {
            RenderFix();
            return _patch;
        }

        init
        {
            _patch = Bounded(value);
            _fix = null;
            _fixToRender = false;
        }
    }

    /// <summary>
    /// The typed Talos patch that fixes this finding when applied to the config it was found in (null when there is
    /// none); setting it sets <see cref="Patch"/> to its YAML. The YAML is written when first read: a scan makes a patch
    /// for every finding, and most runs render only some (the table shows none, a count or a gate none at all).
    /// </summary>
    public TalosConfigPatch? Fix
    {
        get
        {
            RenderFix();
            return _patch is null ? null : _fix;
        }

        init
        {
            _fix = value;
            _patch = null;
            _fixToRender = value is not null;
        }
    }

    /// <summary>The exception or inline comment that suppresses this finding; null when it is active.</summary>
    public Suppression? Suppression { get; init; }

    public bool Suppressed => Suppression is not null;

    /// <summary>Why it is suppressed (the exception's reason or the inline comment's), when it is.</summary>
    public string? SuppressionReason => Suppression?.Reason;

    public string RuleId => Rule.Id;

    /// <summary>How many findings this one stands for: 1, or the count a summary of left-out findings gives.</summary>
    internal int Represents { get; init; } = 1;

    private static Location Bounded(Location location) =>
        location with { Path = DisplayText.Shorten(location.Path, MaxNameChars) };

    private static ObjectReference? Bounded(ObjectReference? reference) =>
        reference is null ? null : new(
            DisplayText.Shorten(reference.ApiVersion, MaxNameChars),
            DisplayText.Shorten(reference.Kind, MaxNameChars),
            DisplayText.Shorten(reference.Namespace, MaxNameChars),
            DisplayText.Shorten(reference.Name, MaxNameChars));

    private static string? Bounded(string? patch) => patch is { Length: > MaxPatchChars } ? null : patch;

    /// <summary>
    /// Writes the pending <see cref="Fix"/> as <see cref="Patch"/>; a fix whose YAML is too long to show is dropped with
    /// it. Two threads reading at once both write the same text, so no lock is needed.
    /// </summary>
    private void RenderFix()
    {
        if (!Volatile.Read(ref _fixToRender))
        {
            return;
        }

        _patch = Bounded(_fix!.ToYaml());
        Volatile.Write(ref _fixToRender, false);
    }

    /// <summary>Report order of findings-json.md: file, line, column, rule ID (then path and message for ties).</summary>
    public static int Compare(Finding? a, Finding? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null)
        {
            return -1;
        }

        if (b is null)
        {
            return 1;
        }

        var order = string.CompareOrdinal(a.Location.File, b.Location.File);
        if (order == 0)
        {
            order = a.Location.Line.CompareTo(b.Location.Line);
        }

        if (order == 0)
        {
            order = a.Location.Column.CompareTo(b.Location.Column);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(a.Location.Path, b.Location.Path);
        }

        return order == 0 ? string.CompareOrdinal(a.Message, b.Message) : order;
    }
}
