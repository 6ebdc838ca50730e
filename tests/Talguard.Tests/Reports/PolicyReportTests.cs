using System.Text.Json.Nodes;
using NJsonSchema;
using Talguard.Findings;
using Talguard.Reports;
using Talguard.Tests.Support;

namespace Talguard.Tests.Reports;

public class PolicyReportTests
{
    [Fact]
    public void Sample_cluster_report_matches_its_golden_file() =>
        TestData.AssertGolden("report.policyreport.json", ReportGoldenTests.Render(new PolicyReportWriter(), SampleRules.ScanSampleCluster()));

    [Fact]
    public void Report_without_findings_is_one_empty_cluster_report() =>
        TestData.AssertGolden("clean.policyreport.json", ReportGoldenTests.Render(new PolicyReportWriter(), ReportGoldenTests.Clean()));

    [Fact]
    public async Task Sample_reports_validate_against_the_crd_schemas()
    {
        var items = Items(ReportGoldenTests.Render(new PolicyReportWriter(), SampleRules.ScanSampleCluster(withExceptions: false)));
        Assert.Equal(["ClusterPolicyReport", "PolicyReport"], items.Select(i => (string)i["kind"]!).Distinct());
        await AssertValid(items);
    }

    [Fact]
    public async Task A_real_scan_validates_and_sorts_findings_by_scope()
    {
        var run = Support.Cli.Run("scan", "examples", "--format", "policyreport");
        Assert.Equal(1, run.ExitCode);
        var items = Items(run.Stdout);
        await AssertValid(items);

        var cluster = Assert.Single(items, i => (string)i["kind"]! == "ClusterPolicyReport");
        Assert.Null(cluster["metadata"]!["namespace"]);
        foreach (var report in items.Where(i => (string)i["kind"]! == "PolicyReport"))
        {
            var ns = (string)report["metadata"]!["namespace"]!;
            Assert.All(report["results"]!.AsArray(), r => Assert.Equal(ns, (string)r!["resources"]![0]!["namespace"]!));
        }

        Assert.All(items.SelectMany(i => i["results"]!.AsArray()), r => Assert.Equal("talguard", (string)r!["source"]!));
        Assert.Contains(cluster["results"]!.AsArray(), r => (string)r!["result"]! == "pass");
    }

    [Fact]
    public void Results_follow_fail_on_and_suppressions_and_count_in_the_summary()
    {
        var result = SampleRules.ScanSampleCluster();
        var items = Items(ReportGoldenTests.Render(new PolicyReportWriter { FailOn = Severity.Critical, TimestampSeconds = 1_780_000_000 }, result));
        var results = items.SelectMany(i => i["results"]!.AsArray()).Select(r => r!).ToList();

        Assert.DoesNotContain(results, r => (string)r["result"]! == "fail");
        Assert.Contains(results, r => (string)r["result"]! == "warn" && (string)r["severity"]! == "medium");
        var suppressed = Assert.Single(results, r => (string)r["result"]! == "skip" && (string)r["policy"]! == "TG-PSS-006");
        Assert.Equal("debug pod, removed after the migration", (string)suppressed["properties"]!["suppressionReason"]!);
        Assert.Equal("tools", (string)suppressed["resources"]![0]!["namespace"]!);
        Assert.All(results, r => Assert.Equal(1_780_000_000L, (long)r["timestamp"]!["seconds"]!));
        foreach (var item in items)
        {
            foreach (var outcome in (string[])["pass", "fail", "warn", "error", "skip"])
            {
                Assert.Equal(item["results"]!.AsArray().Count(r => (string)r!["result"]! == outcome), (int)item["summary"]![outcome]!);
            }
        }
    }

    [Fact]
    public void Same_input_gives_the_same_bytes() =>
        Assert.Equal(
            ReportGoldenTests.Render(new PolicyReportWriter(), SampleRules.ScanSampleCluster()),
            ReportGoldenTests.Render(new PolicyReportWriter(), SampleRules.ScanSampleCluster()));

    /// <summary>The reports of a document: itself, or the items of its v1 List.</summary>
    internal static List<JsonObject> Items(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        if ((string)document["kind"]! != "List")
        {
            return [document];
        }

        Assert.Equal("v1", (string)document["apiVersion"]!);
        return [.. document["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    /// <summary>
    /// Each report validates against its kind's schema, and uses no member the schema does not declare (the CRD
    /// schema allows unknown members, which the API server would prune silently).
    /// </summary>
    internal static async Task AssertValid(IEnumerable<JsonObject> reports)
    {
        foreach (var report in reports)
        {
            var kind = (string)report["kind"]!;
            Assert.Equal("wgpolicyk8s.io/v1alpha2", (string)report["apiVersion"]!);
            var path = SharedData.Require($"formats/policyreport/schemas/wgpolicyk8s.io_v1alpha2_{kind}.schema.json");
            var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
            var schema = await JsonSchema.FromJsonAsync(text, TestContext.Current.CancellationToken);
            var errors = schema.Validate(report.ToJsonString());
            Assert.True(errors.Count == 0, $"{kind} {report["metadata"]}: {string.Join("; ", errors)}");

            var declared = JsonNode.Parse(text)!["properties"]!.AsObject();
            Assert.All(report.Select(p => p.Key), key => Assert.True(declared.ContainsKey(key), $"{kind} member {key} is not in the schema"));
            var resultMembers = declared["results"]!["items"]!["properties"]!.AsObject();
            var resourceMembers = resultMembers["resources"]!["items"]!["properties"]!.AsObject();
            foreach (var result in report["results"]!.AsArray().Select(r => r!.AsObject()))
            {
                Assert.All(result.Select(p => p.Key), key => Assert.True(resultMembers.ContainsKey(key), $"result member {key} is not in the schema"));
                foreach (var resource in result["resources"]?.AsArray().Select(r => r!.AsObject()) ?? [])
                {
                    Assert.All(resource.Select(p => p.Key), key => Assert.True(resourceMembers.ContainsKey(key), $"resource member {key} is not in the schema"));
                }
            }
        }
    }
}
