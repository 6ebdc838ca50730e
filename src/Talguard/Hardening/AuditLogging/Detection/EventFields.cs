using System.Text.Json;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>One field use bound to its argument and to a slot of the per-event cache.</summary>
internal sealed record BoundField(FieldDefinition Definition, FieldArgument Argument, int Slot, string Text);

/// <summary>
/// The fields of one event, each extracted on first use and then cached, so a field that twenty rules test
/// is read from the JSON once. One instance per event and thread: the rule set itself holds no event state.
/// </summary>
internal sealed class EventFields
{
    private readonly FieldValue[] _values;
    private readonly bool[] _extracted;

    public EventFields(JsonElement root, long rawTime, int slots)
    {
        Root = root;
        RawTime = rawTime;
        HasAuditId = root.TryGetProperty("auditID", out _);
        _values = new FieldValue[slots];
        _extracted = new bool[slots];
    }

    public JsonElement Root { get; }

    /// <summary>The stage timestamp in nanoseconds since the epoch (<c>jevt.rawtime</c>).</summary>
    public long RawTime { get; }

    /// <summary>The k8saudit plugin extracts no <c>ka.*</c> field from JSON without an <c>auditID</c>.</summary>
    public bool HasAuditId { get; }

    public FieldValue Get(BoundField field)
    {
        if (_extracted[field.Slot])
        {
            return _values[field.Slot];
        }

        var definition = field.Definition;
        var value = definition.NeedsAuditId && !HasAuditId ? FieldValue.Missing : definition.Extract(this, field.Argument);
        _values[field.Slot] = value;
        _extracted[field.Slot] = true;
        return value;
    }
}
