namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>
/// What a field yields for one event: one text, several texts (list fields), or nothing. Falco treats an
/// empty list like a field it could not extract, so <see cref="IsAvailable"/> is false for both.
/// </summary>
internal readonly struct FieldValue
{
    public static readonly FieldValue Missing;

    private FieldValue(string? text, string[]? items)
    {
        Text = text;
        Items = items;
    }

    /// <summary>The value of a scalar field.</summary>
    public string? Text { get; }

    /// <summary>The values of a list field.</summary>
    public string[]? Items { get; }

    public bool IsAvailable => Text is not null || Items is { Length: > 0 };

    public static FieldValue Of(string? text) => text is null ? Missing : new FieldValue(text, null);

    public static FieldValue Of(List<string>? items) => items is { Count: > 0 } ? new FieldValue(null, [.. items]) : Missing;

    /// <summary>The text <c>%field</c> prints: a list as <c>(a,b)</c>, a missing value as <c>&lt;NA&gt;</c>.</summary>
    public string Display() =>
        Text ?? (Items is { Length: > 0 } items ? "(" + string.Join(',', items) + ")" : "<NA>");
}
