using System.Text.Json;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>One field use bound to its argument and to a slot of the per-event cache.</summary>
internal sealed record BoundField(FieldDefinition Definition, FieldArgument Argument, int Slot, string Text);

/// <summary>
/// The fields of one event, each extracted on first use and then cached, so a field that twenty rules test
/// is read from the JSON once. Each thread reuses its own instance from event to event (a generation number
/// marks which slots belong to the current event), so evaluation allocates no cache per event and threads
/// share nothing.
/// </summary>
internal sealed class EventFields
{
    [ThreadStatic]
    private static EventFields? t_current;

    private FieldValue[] _values = [];
    private int[] _generations = [];
    private int _generation;

    private EventFields()
    {
    }

    public JsonElement Root { get; private set; }

    /// <summary>The stage timestamp in nanoseconds since the epoch (<c>jevt.rawtime</c>).</summary>
    public long RawTime { get; private set; }

    /// <summary>The k8saudit plugin extracts no <c>ka.*</c> field from JSON without an <c>auditID</c>.</summary>
    public bool HasAuditId { get; private set; }

    /// <summary>This thread's cache, emptied for <paramref name="root"/>. Valid until the thread starts the next event.</summary>
    public static EventFields For(JsonElement root, long rawTime, int slots)
    {
        var fields = t_current ??= new EventFields();
        if (fields._values.Length < slots)
        {
            fields._values = new FieldValue[slots];
            fields._generations = new int[slots];
        }

        if (++fields._generation == 0)
        {
            Array.Clear(fields._generations);
            fields._generation = 1;
        }

        fields.Root = root;
        fields.RawTime = rawTime;
        fields.HasAuditId = root.TryGetProperty("auditID", out _);
        return fields;
    }

    public FieldValue Get(BoundField field)
    {
        if (_generations[field.Slot] == _generation)
        {
            return _values[field.Slot];
        }

        var definition = field.Definition;
        var value = definition.NeedsAuditId && !HasAuditId ? FieldValue.Missing : definition.Extract(this, field.Argument);
        _values[field.Slot] = value;
        _generations[field.Slot] = _generation;
        return value;
    }
}
