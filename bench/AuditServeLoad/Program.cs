using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

// Load generator for `talguard audit serve`: posts EventLists as kube-apiserver's batch webhook does (several
// senders at once, a 429 retried after a pause), then waits until the server has processed every accepted event
// and checks its /metrics: events sent = received = processed, nothing lost.
//   usage: dotnet run -c Release --project bench/AuditServeLoad -- URL [BATCHES] [EVENTS_PER_BATCH] [SENDERS]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: AuditServeLoad URL [BATCHES=2000] [EVENTS_PER_BATCH=400] [SENDERS=4]");
    return 2;
}

var root = args[0].TrimEnd('/');
var batches = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
var perBatch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 400;
var senders = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4;

using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
var before = await Metrics(client, root);
var bodies = Enumerable.Range(0, 16).Select(i => Encoding.UTF8.GetBytes(EventList(i, perBatch))).ToArray();
long retries = 0;
var next = -1;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
{
    int batch;
    while ((batch = Interlocked.Increment(ref next)) < batches)
    {
        while (true)
        {
            using var content = new ByteArrayContent(bodies[batch % bodies.Length]);
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync(new Uri(root + "/"), content);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                throw new InvalidOperationException($"batch {batch}: HTTP {(int)response.StatusCode}");
            }

            Interlocked.Increment(ref retries);
            await Task.Delay(10);
        }
    }
})));
var posted = clock.Elapsed;
var sent = (long)batches * perBatch;
Dictionary<string, long> after;
while (true)
{
    after = await Metrics(client, root);
    if (Delta("talguard_audit_events_processed_total") >= sent)
    {
        break;
    }

    await Task.Delay(5);
}

var drained = clock.Elapsed;
var received = Delta("talguard_audit_events_received_total");
var processed = Delta("talguard_audit_events_processed_total");
Console.WriteLine($"sent {sent} events in {batches} batches of {perBatch} from {senders} senders; {retries} batches retried after 429");
Console.WriteLine($"received {received}, processed {processed}, lost {sent - processed}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"posted in {posted.TotalSeconds:F2} s, all processed after {drained.TotalSeconds:F2} s: {sent / drained.TotalSeconds:F0} events/s sustained"));
return received == sent && processed == sent ? 0 : 1;

long Delta(string name) => after.GetValueOrDefault(name) - before.GetValueOrDefault(name);

static async Task<Dictionary<string, long>> Metrics(HttpClient client, string root)
{
    var text = await client.GetStringAsync(new Uri(root + "/metrics"));
    return text.Split('\n')
        .Where(line => line.Length > 0 && line[0] != '#' && !line.Contains('{', StringComparison.Ordinal))
        .Select(line => line.Split(' '))
        .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture));
}

// A realistic mix: mostly reads by system components, some writes, a few events that the built-in rules alert on.
static string EventList(int seed, int count)
{
    var text = new StringBuilder("""{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[""");
    for (var i = 0; i < count; i++)
    {
        var n = (seed * count) + i;
        var (user, verb, resource, group, code) = (n % 20) switch
        {
            0 => ("alice", "create", "clusterroles", "rbac.authorization.k8s.io", 201),
            1 => ("bob", "get", "secrets", "", 200),
            < 8 => ("system:kube-scheduler", "watch", "pods", "", 200),
            < 14 => ("system:node:worker-1", "get", "nodes", "", 200),
            < 18 => ("system:serviceaccount:kube-system:coredns", "list", "endpointslices", "discovery.k8s.io", 200),
            _ => ("ci-bot", "patch", "deployments", "apps", 200),
        };
        if (i > 0)
        {
            text.Append(',');
        }

        var groupField = group.Length == 0 ? string.Empty : $",\"apiGroup\":\"{group}\"";
        text.Append(CultureInfo.InvariantCulture, $$"""{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"00000000-0000-0000-0000-{{n:D12}}","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/default/{{resource}}/obj-{{n}}","verb":"{{verb}}","user":{"username":"{{user}}","groups":["system:authenticated"]},"sourceIPs":["10.0.0.{{n % 250}}"],"userAgent":"kubectl/v1.34.1","objectRef":{"resource":"{{resource}}","namespace":"default","name":"obj-{{n}}"{{groupField}},"apiVersion":"v1"},"responseStatus":{"metadata":{},"code":{{code}}},"requestReceivedTimestamp":"2026-01-01T00:00:00.000000Z","stageTimestamp":"2026-01-01T00:00:00.001000Z","annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}""");
    }

    return text.Append("]}").ToString();
}
