using System.Text.Json;
using Talguard.Formats;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>
/// One field use bound to its argument and to a slot of the per-event cache. <see cref="ShallowPath"/>: the one or
/// two object keys of a field that is the text of the element there (see <see cref="ShallowEvent"/>), else null.
/// </summary>
internal sealed record BoundField(FieldDefinition Definition, FieldArgument Argument, int Slot, string Text, string[]? ShallowPath);

/// <summary>
/// The fields of one event, each extracted on first use and then cached, so a field that twenty rules test
/// is read from the JSON once. Each thread reuses its own instance from event to event (a generation number
/// marks which slots belong to the current event), so evaluation allocates no cache per event and threads
/// share nothing. An event given as a <see cref="ShallowEvent"/> answers its first- and second-level fields from
/// the text and parses the <see cref="JsonDocument"/> only when a field needs more.
/// </summary>
internal sealed class EventFields
{
    [ThreadStatic]
    private static EventFields? t_current;

    private FieldValue[] _values = [];
    private int[] _generations = [];
    private int _generation;
    private ShallowEvent? _shallow;
    private JsonDocument? _document;
    private JsonElement _root;

    private EventFields()
    {
    }

    /// <summary>The event; for a <see cref="ShallowEvent"/>, parsed on first use (until <see cref="Release"/>).</summary>
    public JsonElement Root
    {
        get
        {
            if (_shallow is { } shallow && _document is null)
            {
                _document = JsonDocument.Parse(shallow.Text, AuditLogEvents.ParseOptions);
                _root = _document.RootElement;
            }

            return _root;
        }
    }

    /// <summary>The stage timestamp in nanoseconds since the epoch (<c>jevt.rawtime</c>).</summary>
    public long RawTime { get; private set; }

    /// <summary>The k8saudit plugin extracts no <c>ka.*</c> field from JSON without an <c>auditID</c>.</summary>
    public bool HasAuditId { get; private set; }

    /// <summary>This thread's cache, emptied for <paramref name="root"/>. Valid until the thread starts the next event.</summary>
    public static EventFields For(JsonElement root, long rawTime, int slots)
    {
        var fields = Next(rawTime, slots);
        fields._root = root;
        fields.HasAuditId = root.TryGetProperty("auditID"u8, out _);
        return fields;
    }

    /// <summary>This thread's cache, emptied for the event <paramref name="shallow"/> has scanned. Call <see cref="Release"/> after it.</summary>
    public static EventFields For(ShallowEvent shallow, long rawTime, int slots)
    {
        var fields = Next(rawTime, slots);
        fields._shallow = shallow;
        fields.HasAuditId = shallow.HasAuditId;
        return fields;
    }

    /// <summary>Returns the buffers of a document parsed on demand.</summary>
    public void Release()
    {
        _document?.Dispose();
        _document = null;
        _shallow = null;
        _root = default;
    }

    public FieldValue Get(BoundField field)
    {
        if (_generations[field.Slot] == _generation)
        {
            return _values[field.Slot];
        }

        var definition = field.Definition;
        var value = definition.NeedsAuditId && !HasAuditId ? FieldValue.Missing
            : _shallow is { } shallow && shallow.TryGet(field, out var known) ? known
            : definition.Extract(this, field.Argument);
        _values[field.Slot] = value;
        _generations[field.Slot] = _generation;
        return value;
    }

    private static EventFields Next(long rawTime, int slots)
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

        fields.Release();
        fields.RawTime = rawTime;
        return fields;
    }
}
