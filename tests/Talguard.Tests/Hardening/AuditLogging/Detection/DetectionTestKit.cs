using System.Text.Json;
using Talguard.Hardening.AuditLogging.Detection;

namespace Talguard.Tests.Hardening.AuditLogging.Detection;

/// <summary>Rules files and audit events written inline in tests.</summary>
internal static class DetectionTestKit
{
    /// <summary>A pod exec by alice: two containers (one privileged), a hostPath volume, groups, annotations and a query string.</summary>
    public const string ExecEvent = """
        {"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"a1","stage":"ResponseComplete",
         "requestURI":"/api/v1/namespaces/default/pods/p/exec?command=sh&command=-c&container=c1&note=two%20words",
         "verb":"create","user":{"username":"alice","groups":["dev","system:authenticated"]},
         "objectRef":{"resource":"pods","namespace":"default","name":"p","subresource":"exec"},
         "responseStatus":{"code":201},"stageTimestamp":"2024-01-02T03:04:05.123456789Z",
         "annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed"},
         "requestObject":{"spec":{"hostNetwork":true,"securityContext":{"runAsUser":1000},
           "containers":[{"name":"a","image":"nginx:1.25","securityContext":{"privileged":true,"runAsUser":0},"ports":[{"containerPort":80},{"containerPort":81,"hostPort":8081}]},
                         {"name":"b","image":"reg.io/app@sha256:abc","command":["run","--fast"]}],
           "volumes":[{"name":"v","hostPath":{"path":"/etc"}},{"name":"w","emptyDir":{}}]}}}
        """;

    public static DetectionRuleSet Rules(string yaml) => DetectionRuleSet.Load([new DetectionRulesFile("t.yaml", yaml)]);

    /// <summary>One rule named r with this condition and output.</summary>
    public static string Rule(string condition, string output = "o", string name = "r") => $"""
        - rule: {name}
          desc: d
          condition: >-
            {condition}
          output: >-
            {output}
          priority: INFO
          source: k8s_audit

        """;

    public static IReadOnlyList<DetectionAlert> Evaluate(DetectionRuleSet rules, string eventJson)
    {
        using var document = JsonDocument.Parse(eventJson);
        return rules.Evaluate(document.RootElement);
    }

    public static bool Fires(string condition, string eventJson = ExecEvent) => Evaluate(Rules(Rule(condition)), eventJson).Count > 0;

    public static IEnumerable<string> Fired(DetectionRuleSet rules, string eventJson) => Evaluate(rules, eventJson).Select(a => a.Rule);
}
