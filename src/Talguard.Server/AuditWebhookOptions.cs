using System.Net;
using Talguard.Hardening.AuditLogging.Detection;

namespace Talguard.Server;

/// <summary>How <c>talguard audit serve</c> listens, what it detects and where alerts go.</summary>
public sealed record AuditWebhookOptions
{
    /// <summary>The address and port to listen on (port 0: one the system picks, see <see cref="AuditWebhookServer.Port"/>).</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>PEM certificate (chain) and key for HTTPS; both or neither.</summary>
    public string? TlsCertificate { get; init; }

    public string? TlsKey { get; init; }

    public required DetectionRuleSet Rules { get; init; }

    /// <summary>Falco-style lines (<see cref="AlertFormat.Text"/>) or JSON lines are written here, one per alert, in event order.</summary>
    public required TextWriter Alerts { get; init; }

    public AlertFormat AlertFormat { get; init; } = AlertFormat.Text;

    /// <summary>At most this many accepted events wait for detection; a batch that does not fit is refused with HTTP 429.</summary>
    public int QueueSize { get; init; } = DefaultQueueSize;

    /// <summary>kube-apiserver's default <c>--audit-webhook-batch-buffer-size</c>: one full buffer of events fits.</summary>
    public const int DefaultQueueSize = 10000;
}

/// <summary>How alerts are written.</summary>
public enum AlertFormat
{
    /// <summary>Falco's text line: <c>TIME: Priority output</c>.</summary>
    Text,

    /// <summary>One JSON object per alert: time, rule, priority, output, output_fields, source, tags, auditID.</summary>
    Json,
}
