namespace Talguard.Findings;

/// <summary>One rule firing at one place. Messages name where a secret is, never its value.</summary>
public sealed record Finding(
    RuleDescriptor Rule,
    Severity Severity,
    string Message,
    Location Location,
    ObjectReference? Object = null,
    string? Patch = null)
{
    /// <summary>The exception or inline comment that suppresses this finding; null when it is active.</summary>
    public Suppression? Suppression { get; init; }

    public bool Suppressed => Suppression is not null;

    /// <summary>Why it is suppressed (the exception's reason or the inline comment's), when it is.</summary>
    public string? SuppressionReason => Suppression?.Reason;

    public string RuleId => Rule.Id;

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
