using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Talguard.Server;

/// <summary>The webhook's counters, exact at any moment they are read, and their Prometheus text exposition.</summary>
public sealed class AuditWebhookMetrics
{
    private readonly ConcurrentDictionary<(string Rule, string Priority), long> _alerts = new();
    private long _eventsReceived;
    private long _eventsProcessed;
    private long _requestsAccepted;
    private long _requestsRejected;
    private long _eventsRejected;
    private long _requestsMalformed;
    private long _eventsMalformed;
    private long _queueDepth;

    public AuditWebhookMetrics(int queueCapacity) => QueueCapacity = queueCapacity;

    public int QueueCapacity { get; }

    /// <summary>Events of accepted requests: each one is processed, never dropped.</summary>
    public long EventsReceived => Interlocked.Read(ref _eventsReceived);

    public long EventsProcessed => Interlocked.Read(ref _eventsProcessed);

    public long RequestsAccepted => Interlocked.Read(ref _requestsAccepted);

    /// <summary>Requests refused with 429 because their events did not fit in the queue.</summary>
    public long RequestsRejected => Interlocked.Read(ref _requestsRejected);

    /// <summary>Events inside refused requests (the sender keeps and retries them).</summary>
    public long EventsRejected => Interlocked.Read(ref _eventsRejected);

    /// <summary>Request bodies that are not JSON or not an EventList or array of events (HTTP 400).</summary>
    public long RequestsMalformed => Interlocked.Read(ref _requestsMalformed);

    /// <summary>Events of accepted batches the engine cannot evaluate (no RFC 3339 <c>stageTimestamp</c>); they raise no alert.</summary>
    public long EventsMalformed => Interlocked.Read(ref _eventsMalformed);

    public long QueueDepth => Interlocked.Read(ref _queueDepth);

    public long AlertsFor(string rule) => _alerts.Where(a => a.Key.Rule == rule).Sum(a => a.Value);

    internal bool TryReserve(int events)
    {
        while (true)
        {
            var depth = Interlocked.Read(ref _queueDepth);
            if (depth + events > QueueCapacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _queueDepth, depth + events, depth) == depth)
            {
                return true;
            }
        }
    }

    internal void Accepted(int events, int malformed)
    {
        Interlocked.Add(ref _eventsReceived, events);
        Interlocked.Add(ref _eventsMalformed, malformed);
        Interlocked.Increment(ref _requestsAccepted);
    }

    internal void Rejected(int events)
    {
        Interlocked.Increment(ref _requestsRejected);
        Interlocked.Add(ref _eventsRejected, events);
    }

    internal void Malformed() => Interlocked.Increment(ref _requestsMalformed);

    internal void Processed(int events)
    {
        Interlocked.Add(ref _eventsProcessed, events);
        Interlocked.Add(ref _queueDepth, -events);
    }

    internal void Alert(string rule, string priority) => _alerts.AddOrUpdate((rule, priority), 1, (_, count) => count + 1);

    /// <summary>Prometheus text format 0.0.4; alert series sorted by rule, so equal counters give equal bytes.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        Counter(text, "talguard_audit_events_received_total", "Audit events in accepted requests.", EventsReceived);
        Counter(text, "talguard_audit_events_processed_total", "Audit events evaluated against the rules.", EventsProcessed);
        Counter(text, "talguard_audit_requests_accepted_total", "Requests whose events were queued.", RequestsAccepted);
        Counter(text, "talguard_audit_requests_rejected_total", "Requests refused with 429 because the queue was full.", RequestsRejected);
        Counter(text, "talguard_audit_events_rejected_total", "Audit events in requests refused with 429.", EventsRejected);
        Counter(text, "talguard_audit_requests_malformed_total", "Requests refused with 400: not JSON, or not audit events (an EventList, an array of events or an event).", RequestsMalformed);
        Counter(text, "talguard_audit_events_malformed_total", "Events of accepted requests that cannot be evaluated (no RFC 3339 stageTimestamp).", EventsMalformed);
        Gauge(text, "talguard_audit_queue_depth", "Accepted events waiting for detection.", QueueDepth);
        Gauge(text, "talguard_audit_queue_capacity", "Events the queue holds before requests are refused.", QueueCapacity);
        text.Append("# HELP talguard_audit_alerts_total Alerts raised, by rule and priority.\n# TYPE talguard_audit_alerts_total counter\n");
        foreach (var ((rule, priority), count) in _alerts.OrderBy(a => a.Key.Rule, StringComparer.Ordinal).ThenBy(a => a.Key.Priority, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"talguard_audit_alerts_total{{rule=\"{Escape(rule)}\",priority=\"{Escape(priority)}\"}} {count}\n");
        }

        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, string help, long value) => Series(text, name, help, "counter", value);

    private static void Gauge(StringBuilder text, string name, string help, long value) => Series(text, name, help, "gauge", value);

    private static void Series(StringBuilder text, string name, string help, string type, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");

    /// <summary>Label values escape backslash, double quote and newline.</summary>
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
