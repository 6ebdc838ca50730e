using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Model;

namespace Talguard.Server;

/// <summary>
/// An audit webhook backend: kube-apiserver POSTs <c>audit.k8s.io/v1</c> EventList JSON (its <c>--audit-webhook-config-file</c>
/// names this server), every event goes through the detection rules, and alerts are written in event order. A request is
/// taken whole or refused whole: when its events do not fit in the bounded queue the answer is 429 (the API server keeps
/// the batch and retries), so an answered 200 means every one of its events will be evaluated, shutdown included.
/// <c>GET /metrics</c> serves Prometheus text, <c>GET /healthz</c> says ok.
/// </summary>
public sealed class AuditWebhookServer : IAsyncDisposable
{
    private static readonly JsonDocumentOptions BodyOptions = new() { MaxDepth = 256 };

    private readonly WebApplication _app;
    private readonly AuditWebhookOptions _options;
    private readonly Channel<QueuedBatch> _queue = Channel.CreateUnbounded<QueuedBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AlertWriter _alerts;
    private Task? _consumer;
    private Task? _stopped;

    private AuditWebhookServer(WebApplication app, AuditWebhookOptions options)
    {
        _app = app;
        _options = options;
        Metrics = new AuditWebhookMetrics(options.QueueSize);
        _alerts = new AlertWriter(options.Alerts, options.AlertFormat);
    }

    public AuditWebhookMetrics Metrics { get; }

    /// <summary>The port listened on (the one the system picked when asked for 0).</summary>
    public int Port { get; private set; }

    /// <summary>Builds the server; <see cref="StartAsync"/> opens the listener. A certificate that cannot be read is an input error.</summary>
    public static AuditWebhookServer Create(AuditWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.QueueSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "the queue must hold at least one event");
        }

        var certificate = LoadCertificate(options);
        // The empty builder reads no appsettings.json or ASPNETCORE_* variables: the server listens only where --listen says.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.Listen, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var server = new AuditWebhookServer(builder.Build(), options);
        server._app.Run(server.HandleAsync);
        return server;
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _consumer = Task.Run(ConsumeAsync, CancellationToken.None);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Urls.First();
        Port = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)).Port;
    }

    /// <summary>Waits for SIGTERM or Ctrl-C (or <see cref="StopAsync"/>), then shuts down gracefully.</summary>
    public async Task WaitForShutdownAsync()
    {
        await _app.WaitForShutdownAsync().ConfigureAwait(false);
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops taking requests (those in progress finish), then evaluates every queued event and flushes the alerts.
    /// Safe to call more than once.
    /// </summary>
    public Task StopAsync() => _stopped ??= StopOnceAsync();

    private async Task StopOnceAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        _queue.Writer.TryComplete();
        if (_consumer is not null)
        {
            await _consumer.ConfigureAwait(false);
        }

        await _alerts.FlushAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (HttpMethods.IsGet(request.Method) && path == "/healthz")
        {
            await WriteTextAsync(context.Response, StatusCodes.Status200OK, "ok\n").ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsGet(request.Method) && path == "/metrics")
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.Response.WriteAsync(Metrics.ToPrometheusText(), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            await WriteTextAsync(context.Response, StatusCodes.Status405MethodNotAllowed, "POST audit EventLists; GET /metrics or /healthz\n").ConfigureAwait(false);
            return;
        }

        await IngestAsync(context).ConfigureAwait(false);
    }

    private async Task IngestAsync(HttpContext context)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, BodyOptions, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            Metrics.Malformed();
            await WriteTextAsync(context.Response, StatusCodes.Status400BadRequest, "the body is not JSON\n").ConfigureAwait(false);
            return;
        }

        var batch = QueuedBatch.Of(document);
        if (batch is null)
        {
            document.Dispose();
            Metrics.Malformed();
            await WriteTextAsync(context.Response, StatusCodes.Status400BadRequest, "the body is not an audit.k8s.io EventList or an array of events\n").ConfigureAwait(false);
            return;
        }

        if (batch.Events.Count > Metrics.QueueCapacity)
        {
            batch.Dispose();
            Metrics.Rejected(batch.Events.Count);
            await WriteTextAsync(context.Response, StatusCodes.Status413PayloadTooLarge,
                $"{batch.Events.Count} events exceed the queue of {Metrics.QueueCapacity}: lower --audit-webhook-batch-max-size or raise --queue-size\n").ConfigureAwait(false);
            return;
        }

        if (!Metrics.TryReserve(batch.Events.Count))
        {
            batch.Dispose();
            Metrics.Rejected(batch.Events.Count);
            context.Response.Headers.RetryAfter = "1";
            await WriteTextAsync(context.Response, StatusCodes.Status429TooManyRequests, "queue full: retry later\n").ConfigureAwait(false);
            return;
        }

        Metrics.Accepted(batch.Events.Count, batch.NotEvents);
        if (!_queue.Writer.TryWrite(batch))
        {
            // Only after shutdown began; Kestrel has stopped routing requests by then, so this is a request that raced it.
            Metrics.Processed(batch.Events.Count);
            batch.Dispose();
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task ConsumeAsync()
    {
        await foreach (var batch in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            using (batch)
            {
                foreach (var auditEvent in batch.Events)
                {
                    foreach (var alert in _options.Rules.Evaluate(auditEvent))
                    {
                        Metrics.Alert(alert.Rule, alert.Priority.FalcoName());
                        _alerts.Write(alert);
                    }
                }
            }

            Metrics.Processed(batch.Events.Count);
            if (Metrics.QueueDepth == 0)
            {
                // Idle: make what was detected visible now (a file being followed, a pipe).
                await _alerts.FlushAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteTextAsync(HttpResponse response, int status, string text)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(text).ConfigureAwait(false);
    }

    private static X509Certificate2? LoadCertificate(AuditWebhookOptions options)
    {
        if (options.TlsCertificate is null && options.TlsKey is null)
        {
            return null;
        }

        if (options.TlsCertificate is null || options.TlsKey is null)
        {
            throw new InputException(options.TlsCertificate ?? options.TlsKey!, "TLS needs both a certificate and its key");
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(options.TlsCertificate, options.TlsKey);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // The exception text could quote key material; name the files only.
            throw new InputException(options.TlsCertificate, $"cannot load the TLS certificate with key {options.TlsKey}: {ex.GetType().Name}");
        }
    }

    /// <summary>The events of one accepted request, viewed inside its parsed body (disposed after evaluation).</summary>
    private sealed class QueuedBatch(JsonDocument document, List<JsonElement> events, int notEvents) : IDisposable
    {
        public IReadOnlyList<JsonElement> Events => events;

        /// <summary>Events the engine cannot evaluate (no RFC 3339 <c>stageTimestamp</c>): counted, raising no alert.</summary>
        public int NotEvents => notEvents;

        /// <summary>The events of an EventList, an array of events or one event, as the engine unwraps them; null for anything else.</summary>
        public static QueuedBatch? Of(JsonDocument document)
        {
            var events = new List<JsonElement>();
            if (!AuditEventPayload.TryGetEvents(document.RootElement, events))
            {
                return null;
            }

            var notEvents = 0;
            foreach (var auditEvent in events)
            {
                if (AuditEventPayload.RejectionReason(auditEvent) is not null)
                {
                    notEvents++;
                }
            }

            return new QueuedBatch(document, events, notEvents);
        }

        public void Dispose() => document.Dispose();
    }
}
