using Talguard.Model;
using Talguard.Model.Talos.Patching;

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

    private static readonly ConfigMapping Policy = ConfigMapping.FromYamlMapping(
        YamlStreamReader.Read("audit-policy", new StringReader(PolicyBody)).Single().Root!);

    /// <summary>A Talos machine config patch setting <c>cluster.apiServer.auditPolicy</c>.</summary>
    public static TalosConfigPatch TalosPatch { get; } = Model.Talos.TalosPatch.Set(Policy, "cluster", "apiServer", "auditPolicy");

    /// <summary>The same policy as a standalone <c>audit.k8s.io/v1</c> Policy document.</summary>
    public static string PolicyDocument { get; } = ConfigYamlWriter.Write([Policy]);
}
