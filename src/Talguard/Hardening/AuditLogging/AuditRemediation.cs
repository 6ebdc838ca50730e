namespace Talguard.Hardening.AuditLogging;

/// <summary>
/// A policy that passes every AUD rule: Secret, ConfigMap and token traffic at Metadata (no bodies),
/// RBAC changes with their bodies, workload writes with the request, and a Metadata catch-all, with
/// RequestReceived omitted everywhere.
/// </summary>
public static class AuditRemediation
{
    private const string PolicyBody = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages:
          - RequestReceived
        rules:
          - level: Metadata
            resources:
              - group: ""
                resources: ["secrets", "configmaps", "serviceaccounts/token"]
              - group: authentication.k8s.io
                resources: ["tokenreviews"]
          - level: RequestResponse
            verbs: ["create", "update", "patch", "delete", "deletecollection"]
            resources:
              - group: rbac.authorization.k8s.io
          - level: Request
            verbs: ["create", "update", "patch"]
            resources:
              - group: ""
                resources: ["pods", "services"]
              - group: apps
          - level: Metadata
        """;

    /// <summary>A Talos machine config patch setting <c>cluster.apiServer.auditPolicy</c>.</summary>
    public static string TalosPatch { get; } =
        "cluster:\n  apiServer:\n    auditPolicy:\n" + Indent(PolicyBody, "      ");

    /// <summary>The same policy as a standalone <c>audit.k8s.io/v1</c> Policy document.</summary>
    public static string PolicyDocument { get; } = PolicyBody + "\n";

    private static string Indent(string text, string prefix) =>
        string.Concat(text.Split('\n').Select(line => prefix + line + "\n"));
}
