using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Server;

namespace Talguard.Tests.Server;

/// <summary>
/// The audit webhook on real Kestrel, on 127.0.0.1 with a port the system picks: EventLists in, alerts out, exact
/// counters, 429 when a batch does not fit, nothing lost on shutdown, HTTPS.
/// </summary>
public sealed class AuditWebhookServerTests
{
    /// <summary>Guards against a hang only; nothing is timed.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    internal static string Event(int id, string user, string verb, string resource, int code) => $$$"""
        {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"id-{{{id}}}","stage":"ResponseComplete","requestURI":"/apis/rbac.authorization.k8s.io/v1/{{{resource}}}","verb":"{{{verb}}}","user":{"username":"{{{user}}}","groups":["system:authenticated"]},"sourceIPs":["10.0.0.1"],"objectRef":{"resource":"{{{resource}}}","name":"r-{{{id}}}","apiGroup":"rbac.authorization.k8s.io","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":{{{code}}}},"requestReceivedTimestamp":"2026-01-01T00:00:00.000000Z","stageTimestamp":"2026-01-01T00:00:{{{id % 60:00}}}.100000Z","annotations":{"authorization.k8s.io/decision":"allow"}}
        """;

    /// <summary>An EventList with one RBAC change by a person (alerts) and one read by the scheduler (does not).</summary>
    internal static string Batch(int id) =>
        $$"""{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[{{Event(id * 2, "alice", "create", "clusterroles", 201)}},{{Event((id * 2) + 1, "system:kube-scheduler", "get", "roles", 200)}}]}""";

    private static AuditWebhookServer Create(TextWriter alerts, int queueSize = 100, AlertFormat format = AlertFormat.Text, string? cert = null, string? key = null) =>
        AuditWebhookServer.Create(new AuditWebhookOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Rules = DetectionRuleSet.BuiltIn,
            Alerts = alerts,
            AlertFormat = format,
            QueueSize = queueSize,
            TlsCertificate = cert,
            TlsKey = key,
        });

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string url, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(url), content, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static async Task WaitUntilProcessedAsync(AuditWebhookServer server)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(HangGuard);
        while (server.Metrics.EventsProcessed < server.Metrics.EventsReceived)
        {
            await Task.Delay(10, guard.Token);
        }
    }

    [Fact]
    public async Task Every_event_is_evaluated_and_metrics_count_exactly()
    {
        var alerts = new StringWriter();
        await using var server = Create(alerts);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { Timeout = HangGuard };
        var root = $"http://127.0.0.1:{server.Port}";
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await PostAsync(client, root + "/audit", Batch(i)));
        }

        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(client, root + "/", "{not json"));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(client, root + "/", """{"kind":"ConfigMap","data":{}}"""));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(client, root + "/", """{"kind":"EventList","items":[{"kind":"Event","auditID":"no-time"}]}"""));
        await WaitUntilProcessedAsync(server);

        Assert.Equal("ok\n", await client.GetStringAsync(new Uri(root + "/healthz"), TestContext.Current.CancellationToken));
        var metrics = await client.GetStringAsync(new Uri(root + "/metrics"), TestContext.Current.CancellationToken);
        Assert.Contains("\ntalguard_audit_events_received_total 7\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\ntalguard_audit_events_processed_total 7\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\ntalguard_audit_requests_accepted_total 4\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\ntalguard_audit_requests_malformed_total 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\ntalguard_audit_events_malformed_total 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\ntalguard_audit_requests_rejected_total 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\ntalguard_audit_queue_depth 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\ntalguard_audit_queue_capacity 100\n", metrics, StringComparison.Ordinal);
        Assert.EndsWith("# TYPE talguard_audit_alerts_total counter\ntalguard_audit_alerts_total{rule=\"RBAC Object Changed\",priority=\"Warning\"} 3\n", metrics, StringComparison.Ordinal);

        await server.StopAsync();
        var lines = alerts.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Contains(": Warning RBAC object changed (user=alice verb=create resource=clusterroles", line, StringComparison.Ordinal));
        Assert.Equal(["r-0", "r-2", "r-4"], lines.Select(l => l.Split("name=")[1].Split(' ')[0]));
    }

    [Fact]
    public async Task Full_queue_answers_429_and_never_drops_what_it_accepted()
    {
        using var alerts = new BlockingWriter();
        await using var server = Create(alerts, queueSize: 3);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { Timeout = HangGuard };
        var root = $"http://127.0.0.1:{server.Port}/";

        // The consumer blocks writing the first batch's alert, so its two events stay queued.
        Assert.Equal(HttpStatusCode.OK, await PostAsync(client, root, Batch(0)));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostAsync(client, root, Batch(1)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PostAsync(client, root,
            $$"""{"kind":"EventList","items":[{{Event(7, "a", "get", "roles", 200)}},{{Event(8, "a", "get", "roles", 200)}},{{Event(9, "a", "get", "roles", 200)}},{{Event(10, "a", "get", "roles", 200)}}]}"""));
        Assert.Equal((2L, 2L, 6L), (server.Metrics.QueueDepth, server.Metrics.RequestsRejected, server.Metrics.EventsRejected));

        alerts.Release();
        await WaitUntilProcessedAsync(server);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(client, root, Batch(1)));
        await server.StopAsync();
        Assert.Equal((4L, 4L, 0L), (server.Metrics.EventsReceived, server.Metrics.EventsProcessed, server.Metrics.QueueDepth));
        Assert.Equal(2, server.Metrics.AlertsFor("RBAC Object Changed"));
        Assert.Equal(2, alerts.Lines.Count);
    }

    [Fact]
    public async Task Shutdown_drains_every_accepted_event()
    {
        using var alerts = new BlockingWriter();
        var server = Create(alerts, format: AlertFormat.Json);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using (var client = new HttpClient { Timeout = HangGuard })
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(HttpStatusCode.OK, await PostAsync(client, $"http://127.0.0.1:{server.Port}/", Batch(i)));
            }
        }

        var stopping = server.StopAsync();
        Assert.True(server.Metrics.QueueDepth > 0, "events were still queued when shutdown began");
        alerts.Release();
        await stopping.WaitAsync(HangGuard, TestContext.Current.CancellationToken);
        await server.DisposeAsync();

        Assert.Equal((20L, 20L, 0L), (server.Metrics.EventsReceived, server.Metrics.EventsProcessed, server.Metrics.QueueDepth));
        Assert.Equal(10, alerts.Lines.Count);
        Assert.All(alerts.Lines, line => Assert.StartsWith("""{"time":"2026-01-01T00:00:""", line, StringComparison.Ordinal));
        Assert.Contains(""","rule":"RBAC Object Changed","priority":"Warning","output":"RBAC object changed (user=alice verb=create resource=clusterroles name=r-0 """, alerts.Lines[0], StringComparison.Ordinal);
        Assert.EndsWith(""","source":"k8s_audit","tags":["k8s","rbac","talguard"],"auditID":"id-0"}""", alerts.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_serves_https_with_the_given_certificate()
    {
        var directory = Directory.CreateTempSubdirectory("talguard-serve-tls-").FullName;
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var certPath = Path.Combine(directory, "tls.crt");
            var keyPath = Path.Combine(directory, "tls.key");
            await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);

            var alerts = new StringWriter();
            await using var server = Create(alerts, cert: certPath, key: keyPath);
            await server.StartAsync(TestContext.Current.CancellationToken);
            string? seen = null;
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
                {
                    seen = presented?.Thumbprint;
                    return presented?.Thumbprint == certificate.Thumbprint;
                },
            };
            using var client = new HttpClient(handler) { Timeout = HangGuard };
            Assert.Equal(HttpStatusCode.OK, await PostAsync(client, $"https://127.0.0.1:{server.Port}/", Batch(0)));
            await server.StopAsync();
            Assert.Equal(certificate.Thumbprint, seen);
            Assert.Single(alerts.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>An alert output that holds the consumer inside its first write until released: a sink that cannot keep up.</summary>
    private sealed class BlockingWriter : TextWriter
    {
        private readonly ManualResetEventSlim _released = new();
        private readonly List<string> _lines = [];

        public override Encoding Encoding => Encoding.UTF8;

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public void Release() => _released.Set();

        public override void WriteLine(string? value)
        {
            _released.Wait(HangGuard);
            lock (_lines)
            {
                _lines.Add(value ?? string.Empty);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _released.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
