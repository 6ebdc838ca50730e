using System.Globalization;
using System.Text.Json.Nodes;

namespace Talguard.Benchmarks.AuditDetection;

/// <summary>
/// A deterministic mix of audit events shaped like a busy cluster's log: mostly reads and lease renewals by
/// nodes and controllers, some RequestReceived copies, and a minority of the writes the rules look at
/// (pod creates with bodies, Secret reads, ConfigMap writes, exec, RBAC objects, anonymous probes).
/// </summary>
internal static class AuditEventCorpus
{
    public static List<string> Generate(int count)
    {
        var random = new Random(20260101);
        var events = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var time = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(i * 7).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            var roll = random.Next(100);
            var id = $"{i:x8}-0000-4000-8000-{random.Next():x12}";
            events.Add(roll switch
            {
                < 30 => Event(id, time, "ResponseComplete", "get", $"system:node:worker-{random.Next(20)}", "pods", "default", "web-" + random.Next(100), 200),
                < 45 => Event(id, time, "ResponseComplete", "update", $"system:node:worker-{random.Next(20)}", "leases", "kube-node-lease", "worker-" + random.Next(20), 200, apiGroup: "coordination.k8s.io"),
                < 55 => Event(id, time, "RequestReceived", "watch", "system:serviceaccount:kube-system:replicaset-controller", "replicasets", null, null, 0, apiGroup: "apps"),
                < 62 => Event(id, time, "ResponseComplete", "list", "system:kube-scheduler", "nodes", null, null, 200),
                < 70 => Event(id, time, "ResponseComplete", "create", "system:serviceaccount:kube-system:replicaset-controller", "pods", "apps", null, 201, body: Pod(random)),
                < 75 => Event(id, time, "ResponseComplete", "get", random.Next(3) == 0 ? "alice" : "system:serviceaccount:kube-system:generic-garbage-collector", "secrets", "apps", "db-" + random.Next(10), random.Next(5) == 0 ? 403 : 200),
                < 80 => Event(id, time, "ResponseComplete", random.Next(2) == 0 ? "create" : "update", "alice", "configmaps", "apps", "cfg-" + random.Next(10), 200,
                    body: """{"kind":"ConfigMap","data":{"app.properties":"mode=fast\nretries=3","password":"hunter2"}}"""),
                < 83 => Event(id, time, "ResponseStarted", "create", "alice", "pods", "apps", "web-" + random.Next(100), 101, subresource: "exec", uri: "/api/v1/namespaces/apps/pods/web/exec?command=sh&container=app&stdin=true&tty=true"),
                < 86 => Event(id, time, "ResponseComplete", "create", "alice", "clusterroles", null, "reader-" + random.Next(10), 201, apiGroup: "rbac.authorization.k8s.io",
                    body: """{"kind":"ClusterRole","rules":[{"apiGroups":[""],"resources":["pods","pods/exec"],"verbs":["get","list","create"]}]}"""),
                < 88 => Event(id, time, "ResponseComplete", "create", "alice", "clusterrolebindings", null, "bind-" + random.Next(10), 201, apiGroup: "rbac.authorization.k8s.io",
                    body: """{"kind":"ClusterRoleBinding","roleRef":{"kind":"ClusterRole","name":"cluster-admin"},"subjects":[{"kind":"User","name":"eve"}]}"""),
                < 93 => Event(id, time, "ResponseComplete", random.Next(2) == 0 ? "create" : "delete", "kubernetes-admin", random.Next(2) == 0 ? "deployments" : "services", "apps", "svc-" + random.Next(10), 200, apiGroup: "apps"),
                < 97 => Event(id, time, "ResponseComplete", "get", "system:anonymous", "", null, null, 200, uri: random.Next(4) == 0 ? "/api/v1/namespaces" : "/healthz", nonResource: true),
                _ => Event(id, time, "ResponseComplete", "patch", "system:serviceaccount:kube-system:endpointslice-controller", "endpointslices", "default", "kubernetes", 200, apiGroup: "discovery.k8s.io"),
            });
        }

        return events;
    }

    private static string Pod(Random random)
    {
        var web = new JsonObject
        {
            ["name"] = "web",
            ["image"] = "registry.example.com/web:1.4.2",
            ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 }),
            ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "256Mi" } },
        };
        if (random.Next(10) == 0)
        {
            web["securityContext"] = new JsonObject { ["privileged"] = true };
        }

        var volume = random.Next(10) == 0
            ? new JsonObject { ["name"] = "root", ["hostPath"] = new JsonObject { ["path"] = "/etc" } }
            : new JsonObject { ["name"] = "data", ["emptyDir"] = new JsonObject() };
        return new JsonObject
        {
            ["kind"] = "Pod",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["generateName"] = "web-7d9f8-", ["labels"] = new JsonObject { ["app"] = "web" } },
            ["spec"] = new JsonObject
            {
                ["hostNetwork"] = random.Next(10) == 0,
                ["volumes"] = new JsonArray(volume),
                ["containers"] = new JsonArray(web, new JsonObject { ["name"] = "sidecar", ["image"] = "envoyproxy/envoy:v1.30" }),
                ["restartPolicy"] = "Always",
                ["dnsPolicy"] = "ClusterFirst",
                ["schedulerName"] = "default-scheduler",
            },
        }.ToJsonString();
    }

    private static string Event(
        string id, string time, string stage, string verb, string user, string resource, string? ns, string? name, int code,
        string? apiGroup = null, string? subresource = null, string? body = null, string? uri = null, bool nonResource = false)
    {
        var evt = new JsonObject
        {
            ["kind"] = "Event",
            ["apiVersion"] = "audit.k8s.io/v1",
            ["level"] = body is null ? "Metadata" : "Request",
            ["auditID"] = id,
            ["stage"] = stage,
            ["requestURI"] = uri ?? $"/api/v1/{(ns is null ? string.Empty : $"namespaces/{ns}/")}{resource}{(name is null ? string.Empty : "/" + name)}",
            ["verb"] = verb,
            ["user"] = new JsonObject { ["username"] = user, ["groups"] = new JsonArray("system:authenticated") },
            ["sourceIPs"] = new JsonArray("10.0.0.7"),
            ["userAgent"] = "kubectl/v1.33.0 (linux/amd64) kubernetes/abc1234",
        };
        if (!nonResource)
        {
            var objectRef = new JsonObject { ["resource"] = resource };
            Set(objectRef, "namespace", ns);
            Set(objectRef, "name", name);
            Set(objectRef, "apiGroup", apiGroup);
            Set(objectRef, "subresource", subresource);
            objectRef["apiVersion"] = "v1";
            evt["objectRef"] = objectRef;
        }

        if (code != 0)
        {
            evt["responseStatus"] = new JsonObject { ["metadata"] = new JsonObject(), ["code"] = code };
        }

        if (body is not null)
        {
            evt["requestObject"] = JsonNode.Parse(body);
        }

        evt["requestReceivedTimestamp"] = time;
        evt["stageTimestamp"] = time;
        evt["annotations"] = new JsonObject
        {
            ["authorization.k8s.io/decision"] = "allow",
            ["authorization.k8s.io/reason"] = "RBAC: allowed by ClusterRoleBinding \"system:node\"",
        };
        return evt.ToJsonString();
    }

    private static void Set(JsonObject target, string key, string? value)
    {
        if (value is not null)
        {
            target[key] = value;
        }
    }
}
