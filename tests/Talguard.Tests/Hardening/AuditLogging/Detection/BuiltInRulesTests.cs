using System.Text.Json.Nodes;
using Talguard.Hardening.AuditLogging.Detection;
using static Talguard.Tests.Hardening.AuditLogging.Detection.DetectionTestKit;

namespace Talguard.Tests.Hardening.AuditLogging.Detection;

/// <summary>The built-in rules on events for each of the guide's detections, and on the events that must stay quiet.</summary>
public class BuiltInRulesTests
{
    private static string Event(
        string user, string verb, string resource, string? ns = "default", string? name = "x", int code = 200, string stage = "ResponseComplete",
        string? subresource = null, string[]? groups = null, string decision = "allow", string? uri = null, JsonObject? requestObject = null)
    {
        var objectRef = new JsonObject { ["resource"] = resource };
        if (ns is not null)
        {
            objectRef["namespace"] = ns;
        }

        if (name is not null)
        {
            objectRef["name"] = name;
        }

        if (subresource is not null)
        {
            objectRef["subresource"] = subresource;
        }

        var evt = new JsonObject
        {
            ["kind"] = "Event",
            ["apiVersion"] = "audit.k8s.io/v1",
            ["auditID"] = "id-1",
            ["stage"] = stage,
            ["requestURI"] = uri ?? $"/api/v1/namespaces/{ns}/{resource}/{name}",
            ["verb"] = verb,
            ["user"] = new JsonObject { ["username"] = user, ["groups"] = new JsonArray([.. (groups ?? ["system:authenticated"]).Select(g => (JsonNode)g)]) },
            ["objectRef"] = objectRef,
            ["responseStatus"] = new JsonObject { ["code"] = code },
            ["stageTimestamp"] = "2026-01-01T00:00:00.000001Z",
            ["annotations"] = new JsonObject { ["authorization.k8s.io/decision"] = decision },
        };
        if (requestObject is not null)
        {
            evt["requestObject"] = requestObject.DeepClone();
        }

        return evt.ToJsonString();
    }

    private static IEnumerable<string> BuiltIn(string evt) => Fired(DetectionRuleSet.BuiltIn, evt);

    private static JsonObject Pod(string containers) => (JsonObject)JsonNode.Parse("{\"kind\":\"Pod\",\"spec\":{\"containers\":" + containers + "}}")!;

    [Fact]
    public void Secret_reads()
    {
        Assert.Equal(["Secret Read Outside Allowed Namespaces"], BuiltIn(Event("alice", "get", "secrets")));
        Assert.Equal(["Secret Read Outside Allowed Namespaces"], BuiltIn(Event("system:serviceaccount:apps:web", "list", "secrets", ns: null, name: null)));
        Assert.Empty(BuiltIn(Event("system:serviceaccount:kube-system:generic-garbage-collector", "list", "secrets")));
        Assert.Empty(BuiltIn(Event("system:kube-controller-manager", "get", "secrets")));
        Assert.Empty(BuiltIn(Event("alice", "get", "configmaps")));
        Assert.Empty(BuiltIn(Event("alice", "get", "secrets", stage: "RequestReceived")));

        var allowed = DetectionRuleSet.Load([
            DetectionRuleSet.BuiltInRulesFile,
            new DetectionRulesFile("local.yaml", "- list: talguard_secret_namespaces\n  items: [cert-manager]\n  append: true\n- list: talguard_secret_readers\n  items: [ci-bot]\n  append: true\n"),
        ]);
        Assert.Empty(Fired(allowed, Event("system:serviceaccount:cert-manager:cert-manager", "get", "secrets", ns: "cert-manager")));
        Assert.Empty(Fired(allowed, Event("ci-bot", "get", "secrets")));
        Assert.Single(Fired(allowed, Event("alice", "get", "secrets")));
    }

    [Fact]
    public void Forbidden_secret_access()
    {
        Assert.Equal(["Secret Access Forbidden"], BuiltIn(Event("mallory", "get", "secrets", code: 403, decision: "forbid")));
        Assert.Equal(["Secret Access Forbidden"], BuiltIn(Event("system:serviceaccount:kube-system:x", "delete", "secrets", code: 403, decision: "forbid")));
        Assert.Empty(BuiltIn(Event("mallory", "get", "secrets", code: 404)));
    }

    [Fact]
    public void Privileged_pods()
    {
        var privileged = Pod("""[{"name":"a","image":"nginx"},{"name":"b","image":"busybox","securityContext":{"privileged":true}}]""");
        Assert.Equal(["Privileged Pod Created"], BuiltIn(Event("alice", "create", "pods", name: null, code: 201, requestObject: privileged)));
        var init = (JsonObject)JsonNode.Parse("""{"spec":{"containers":[{"name":"a"}],"initContainers":[{"name":"i","securityContext":{"privileged":true}}]}}""")!;
        Assert.Equal(["Privileged Pod Created"], BuiltIn(Event("alice", "create", "pods", code: 201, requestObject: init)));
        var ephemeral = (JsonObject)JsonNode.Parse("""{"spec":{"containers":[{"name":"a"}],"ephemeralContainers":[{"name":"debug","securityContext":{"privileged":true}}]}}""")!;
        Assert.Equal(["Privileged Pod Created"], BuiltIn(Event("alice", "patch", "pods", subresource: "ephemeralcontainers", requestObject: ephemeral)));

        Assert.Empty(BuiltIn(Event("alice", "create", "pods", code: 201, requestObject: Pod("""[{"name":"a","securityContext":{"privileged":false}}]"""))));
        Assert.Empty(BuiltIn(Event("alice", "create", "pods", code: 201, requestObject: Pod("""[{"name":"a"}]"""))));
        Assert.Empty(BuiltIn(Event("alice", "create", "pods", code: 201)));
    }

    [Fact]
    public void Exec_and_attach_alert_once_per_request()
    {
        const string uri = "/api/v1/namespaces/default/pods/web/exec?command=sh&container=app";
        Assert.Equal(["Exec or Attach into Pod"], BuiltIn(Event("alice", "create", "pods", name: "web", subresource: "exec", code: 101, stage: "ResponseStarted", uri: uri)));
        Assert.Empty(BuiltIn(Event("alice", "create", "pods", name: "web", subresource: "exec", code: 101, stage: "ResponseComplete", uri: uri)));
        Assert.Equal(["Exec or Attach into Pod"], BuiltIn(Event("mallory", "create", "pods", name: "web", subresource: "exec", code: 403, uri: uri)));
        Assert.Equal(["Exec or Attach into Pod"], BuiltIn(Event("alice", "get", "pods", name: "web", subresource: "attach", code: 101, stage: "ResponseStarted")));
        Assert.Empty(BuiltIn(Event("alice", "get", "pods", name: "web", subresource: "log")));

        var alert = Evaluate(DetectionRuleSet.BuiltIn, Event("alice", "create", "pods", name: "web", subresource: "exec", code: 101, stage: "ResponseStarted", uri: uri))[0];
        Assert.Equal("Exec/attach into pod (user=alice pod=web ns=default action=exec command=sh container=app resp=101)", alert.Output);
    }

    [Fact]
    public void Rbac_changes_and_cluster_admin_bindings()
    {
        foreach (var resource in (string[])["roles", "clusterroles", "rolebindings", "clusterrolebindings"])
        {
            foreach (var verb in (string[])["create", "update", "patch", "delete"])
            {
                Assert.Equal(["RBAC Object Changed"], BuiltIn(Event("alice", verb, resource, code: 200)));
            }

            Assert.Empty(BuiltIn(Event("alice", "get", resource)));
            Assert.Empty(BuiltIn(Event("system:apiserver", "update", resource)));
        }

        var binding = (JsonObject)JsonNode.Parse("""{"roleRef":{"kind":"ClusterRole","name":"cluster-admin"},"subjects":[{"kind":"User","name":"eve"}]}""")!;
        Assert.Equal(["RBAC Object Changed", "Binding to cluster-admin"], BuiltIn(Event("alice", "create", "clusterrolebindings", code: 201, requestObject: binding)));
        Assert.Empty(BuiltIn(Event("alice", "create", "clusterrolebindings", code: 403, requestObject: binding)));
    }

    [Fact]
    public void Anonymous_access_beyond_public_endpoints()
    {
        string Anonymous(string uri, string decision = "allow") =>
            Event("system:anonymous", "get", "pods", groups: ["system:unauthenticated"], uri: uri, decision: decision);
        Assert.Equal(["Anonymous Request Allowed"], BuiltIn(Anonymous("/api/v1/namespaces/default/pods/x")));
        Assert.Empty(BuiltIn(Anonymous("/healthz")));
        Assert.Empty(BuiltIn(Anonymous("/readyz?verbose")));
        Assert.Empty(BuiltIn(Anonymous("/version")));
        Assert.Empty(BuiltIn(Anonymous("/api/v1/namespaces/default/pods/x", decision: "forbid")));
    }
}
