using Talguard.Findings;
using Talguard.Hardening.AuditLogging;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.AuditLogging;

/// <summary>Runs every AUD rule over inline YAML and renders findings compactly for assertions.</summary>
internal static class AuditFindings
{
    public static IReadOnlyList<Finding> Scan(params (string Name, string Text)[] files) =>
        Scanner.Scan(new ClusterModel([.. files.Select(f => Yaml.File(f.Name, f.Text))]), new ScanOptions(), AuditLoggingRules.Instance.ScanRules).Findings;

    /// <summary>Findings as <c>ID path</c> strings (in report order).</summary>
    public static List<string> Summary(params (string Name, string Text)[] files) =>
        [.. Scan(files).Select(f => $"{f.RuleId} {f.Location.Path}")];

    /// <summary>A controlplane node config whose <c>cluster.apiServer</c> holds <paramref name="apiServer"/> (indented by the caller's YAML).</summary>
    public static (string, string) ControlPlaneConfig(string apiServer, string machine = "") =>
        ("controlplane.yaml", "version: v1alpha1\nmachine:\n  type: controlplane\n" + machine + "cluster:\n  apiServer:\n" + Indent(apiServer, "    "));

    /// <summary>A controlplane node config with <paramref name="policy"/> as <c>cluster.apiServer.auditPolicy</c>.</summary>
    public static (string, string) InlinePolicy(string policy) =>
        ControlPlaneConfig("auditPolicy:\n" + Indent("apiVersion: audit.k8s.io/v1\nkind: Policy\n" + policy, "  "));

    public static (string, string) StandalonePolicy(string policy) =>
        ("policy.yaml", "apiVersion: audit.k8s.io/v1\nkind: Policy\n" + policy);

    public static string Indent(string text, string prefix) =>
        string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => prefix + l + "\n"));
}
