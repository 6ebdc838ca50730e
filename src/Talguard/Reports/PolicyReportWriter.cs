using System.Globalization;
using System.Text.Json;
using Talguard.Findings;

namespace Talguard.Reports;

/// <summary>
/// <c>--format policyreport</c>: the findings as wgpolicyk8s.io/v1alpha2 reports (the Kubernetes Policy WG's CRDs
/// that Kyverno, Policy Reporter and kube-bench adapters share), as JSON that <c>kubectl apply -f</c> takes.
/// Findings about an object with a namespace go to a <c>PolicyReport</c> in that namespace; the rest (machine
/// configs, cluster-scoped objects, manifests without a namespace), the rules that passed and input errors go to
/// one <c>ClusterPolicyReport</c>. One report is written as itself, several as a <c>v1 List</c>. See
/// docs/output-formats.md for the mapping.
/// </summary>
public sealed class PolicyReportWriter : IReportWriter
{
    public const string ApiVersion = "wgpolicyk8s.io/v1alpha2";

    public const string Source = ToolInfo.Name;

    /// <summary>The name of every report a scan writes (one per namespace, one cluster-wide).</summary>
    public string ReportName { get; init; } = "talguard-scan";

    /// <summary>Active findings at or above this severity are <c>fail</c>, the others <c>warn</c>; null: all are <c>warn</c>.</summary>
    public Severity? FailOn { get; init; } = Severity.High;

    /// <summary>
    /// Every result's timestamp, in seconds since the Unix epoch: the same input gives the same bytes, so the run's
    /// clock is not used; the CLI passes <c>SOURCE_DATE_EPOCH</c> when it is set, else 0.
    /// </summary>
    public long TimestampSeconds { get; init; }

    public void Write(ScanResult result, Stream output)
    {
        var cluster = new List<PolicyResult>();
        var namespaced = new SortedDictionary<string, List<PolicyResult>>(StringComparer.Ordinal);
        foreach (var finding in result.Findings)
        {
            var entry = FromFinding(finding);
            if (finding.Object is { Namespace.Length: > 0 } reference)
            {
                if (!namespaced.TryGetValue(reference.Namespace, out var list))
                {
                    namespaced[reference.Namespace] = list = [];
                }

                list.Add(entry);
            }
            else
            {
                cluster.Add(entry);
            }
        }

        cluster.AddRange(Passed(result));
        cluster.AddRange(result.Errors.Select(error => new PolicyResult(
            "talguard-input", "input error", "error", null, null, error.Message,
            [("file", error.File), .. error.Line > 0 ? [("line", error.Line.ToString(CultureInfo.InvariantCulture))] : Array.Empty<(string, string)>()],
            null, Scored: false)));

        var reports = new List<PolicyReport>();
        if (cluster.Count > 0 || namespaced.Count == 0)
        {
            reports.Add(new PolicyReport(ReportName, null, cluster));
        }

        reports.AddRange(namespaced.Select(n => new PolicyReport(ReportName, n.Key, n.Value)));
        WriteReports(output, reports, TimestampSeconds);
    }

    private PolicyResult FromFinding(Finding finding)
    {
        var rule = finding.Rule;
        var properties = new List<(string Name, string Value)> { ("file", finding.Location.File) };
        if (finding.Location.Line > 0)
        {
            properties.Add(("line", finding.Location.Line.ToString(CultureInfo.InvariantCulture)));
            properties.Add(("column", finding.Location.Column.ToString(CultureInfo.InvariantCulture)));
        }

        if (finding.Location.Path.Length > 0)
        {
            properties.Add(("path", finding.Location.Path));
        }

        if (finding.Location.Kind.Length > 0)
        {
            properties.Add(("documentKind", finding.Location.Kind));
        }

        var controls = string.Join(' ', rule.Controls.Tags());
        if (controls.Length > 0)
        {
            properties.Add(("controls", controls));
        }

        properties.Add(("help", ToolInfo.HelpUri(rule)));
        if (finding.SuppressionReason is { } reason)
        {
            properties.Add(("suppressionReason", reason));
        }

        var outcome = finding.Suppressed ? "skip" : FailOn is { } threshold && finding.Severity >= threshold ? "fail" : "warn";
        var resource = finding.Object is { } reference ? new ResourceReference(reference.ApiVersion, reference.Kind, reference.Namespace, reference.Name, finding.Location.Path) : null;
        return new PolicyResult(rule.Id, rule.Title, outcome, finding.Severity, rule.Section.Title, finding.Message, properties, resource, Scored: true);
    }

    /// <summary>One <c>pass</c> per rule that ran on some file and found nothing anywhere (a pass per file and rule would outgrow what etcd stores).</summary>
    private static IEnumerable<PolicyResult> Passed(ScanResult result)
    {
        var fired = result.Findings.Select(f => f.Rule.Id).ToHashSet(StringComparer.Ordinal);
        return result.RulesByFile
            .SelectMany(entry => entry.Value.Select(rule => (Rule: rule, File: entry.Key)))
            .Where(r => !fired.Contains(r.Rule.Id))
            .GroupBy(r => r.Rule.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var rule = g.First().Rule;
                var files = g.Select(r => r.File).Distinct(StringComparer.Ordinal).Count();
                List<(string, string)> properties = [("files", files.ToString(CultureInfo.InvariantCulture)), ("help", ToolInfo.HelpUri(rule))];
                var controls = string.Join(' ', rule.Controls.Tags());
                if (controls.Length > 0)
                {
                    properties.Insert(1, ("controls", controls));
                }

                return new PolicyResult(rule.Id, rule.Title, "pass", rule.Severity, rule.Section.Title,
                    $"{rule.Title}: nothing found in {files} {(files == 1 ? "file" : "files")}", properties, null, Scored: true);
            });
    }

    /// <summary>The Kubernetes object a result is about, and the field in it (<c>fieldPath</c>).</summary>
    internal sealed record ResourceReference(string ApiVersion, string Kind, string Namespace, string Name, string FieldPath);

    /// <summary>One entry of a report's <c>results</c>; <paramref name="Result"/> is pass|fail|warn|error|skip.</summary>
    internal sealed record PolicyResult(
        string Policy, string Rule, string Result, Severity? Severity, string? Category, string Message,
        IReadOnlyList<(string Name, string Value)> Properties, ResourceReference? Resource, bool Scored);

    /// <summary>A <c>ClusterPolicyReport</c> when <paramref name="Namespace"/> is null, else a <c>PolicyReport</c> in it.</summary>
    internal sealed record PolicyReport(string Name, string? Namespace, IReadOnlyList<PolicyResult> Results)
    {
        /// <summary><c>metadata.annotations</c>, in order; none by default.</summary>
        public IReadOnlyList<(string Name, string Value)> Annotations { get; init; } = [];
    }

    internal static readonly string[] Outcomes = ["pass", "fail", "warn", "error", "skip"];

    /// <summary>The reports as one object, or a <c>v1 List</c> of them when there are several.</summary>
    internal static void WriteReports(Stream output, IReadOnlyList<PolicyReport> reports, long timestampSeconds)
    {
        using var json = new Utf8JsonWriter(output, JsonReportWriter.WriterOptions);
        if (reports.Count == 1)
        {
            WriteReport(json, reports[0], timestampSeconds);
        }
        else
        {
            json.WriteStartObject();
            json.WriteString("apiVersion", "v1");
            json.WriteString("kind", "List");
            json.WriteStartArray("items");
            foreach (var report in reports)
            {
                WriteReport(json, report, timestampSeconds);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WriteReport(Utf8JsonWriter json, PolicyReport report, long timestampSeconds)
    {
        json.WriteStartObject();
        json.WriteString("apiVersion", ApiVersion);
        json.WriteString("kind", report.Namespace is null ? "ClusterPolicyReport" : "PolicyReport");
        json.WriteStartObject("metadata");
        json.WriteString("name", report.Name);
        if (report.Namespace is { } ns)
        {
            json.WriteString("namespace", ns);
        }

        json.WriteStartObject("labels");
        json.WriteString("app.kubernetes.io/managed-by", ToolInfo.Name);
        json.WriteEndObject();
        if (report.Annotations.Count > 0)
        {
            json.WriteStartObject("annotations");
            foreach (var (name, value) in report.Annotations)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteStartObject("summary");
        foreach (var outcome in Outcomes)
        {
            json.WriteNumber(outcome, report.Results.Count(r => r.Result == outcome));
        }

        json.WriteEndObject();
        json.WriteStartArray("results");
        foreach (var result in report.Results)
        {
            WriteResult(json, result, timestampSeconds);
            JsonReportWriter.FlushWhenFull(json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, PolicyResult result, long timestampSeconds)
    {
        json.WriteStartObject();
        json.WriteString("source", Source);
        json.WriteString("policy", result.Policy);
        json.WriteString("rule", result.Rule);
        json.WriteString("result", result.Result);
        if (result.Severity is { } severity)
        {
            json.WriteString("severity", severity.ToName());
        }

        if (result.Category is { } category)
        {
            json.WriteString("category", category);
        }

        json.WriteString("message", result.Message);
        json.WriteBoolean("scored", result.Scored);
        json.WriteStartObject("timestamp");
        json.WriteNumber("seconds", timestampSeconds);
        json.WriteNumber("nanos", 0);
        json.WriteEndObject();
        if (result.Resource is { } resource)
        {
            json.WriteStartArray("resources");
            json.WriteStartObject();
            json.WriteString("apiVersion", resource.ApiVersion);
            json.WriteString("kind", resource.Kind);
            if (resource.Namespace.Length > 0)
            {
                json.WriteString("namespace", resource.Namespace);
            }

            json.WriteString("name", resource.Name);
            if (resource.FieldPath.Length > 0)
            {
                json.WriteString("fieldPath", resource.FieldPath);
            }

            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartObject("properties");
        foreach (var (name, value) in result.Properties)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
