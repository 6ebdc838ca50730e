using System.Text.Json;
using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.AuditLogging.Detection;

/// <summary>
/// Falco's legacy k8s-audit regression cases (../shared/falco/legacy-tests) replayed over every sample: the
/// rules files each case loads (the current upstream file in place of its old copies, FACTS §e.4), the rule
/// counts it expects, and no alert where it expects none.
/// </summary>
public class LegacyConformanceTests
{
    /// <summary>Old rule names of the legacy expectations and the current rule each became (FACTS §e.4).</summary>
    private static readonly Dictionary<string, string> RenamedRules = new(StringComparer.Ordinal)
    {
        ["K8s Role/Clusterrole Created"] = "K8s ClusterRole Created",
        ["K8s Role/Clusterrole Deleted"] = "K8s ClusterRole Deleted",
        ["K8s Role/Clusterrolebinding Created"] = "K8s ClusterRoleBinding Created",
        ["K8s Role/Clusterrolebinding Deleted"] = "K8s ClusterRoleBinding Deleted",
    };

    /// <summary>trust_nginx_container.yaml appends to lists that were renamed since; appending to a missing list is an error.</summary>
    private const string TrustNginx = """
        - list: k8s_audit_sensitive_mount_images
          items: [nginx]
          append: true
        - list: k8s_audit_privileged_images
          items: [nginx]
          append: true
        - list: k8s_audit_hostnetwork_images
          items: [nginx]
          append: true
        """;

    private const string SharedDataMissing = "(../shared/falco is missing)";

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        if (!File.Exists(Path.Combine(SharedData.Root, "falco", "legacy-tests", "falco_k8s_audit_tests.yaml")))
        {
            data.Add(SharedDataMissing);
            return data;
        }

        foreach (var name in LegacyCase.ReadAll().Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Legacy_case_fires_what_it_expects(string name)
    {
        SharedData.Require("falco/legacy-tests/falco_k8s_audit_tests.yaml");
        Assert.NotEqual(SharedDataMissing, name);
        var testCase = LegacyCase.ReadAll()[name];
        var rules = DetectionRuleSet.Load(RulesFiles(testCase.RulesFiles));
        var counts = Replay(rules, testCase.TraceFile, out _);
        if (testCase.Detect)
        {
            foreach (var (rule, expected) in testCase.Counts)
            {
                var current = RenamedRules.GetValueOrDefault(rule, rule);
                Assert.True(counts.GetValueOrDefault(current) == expected,
                    $"{name}: expected {expected} x '{current}', got {string.Join(", ", counts.Select(c => $"{c.Value} x '{c.Key}'"))}");
            }
        }
        else
        {
            Assert.True(counts.Count == 0, $"{name}: expected no alert, got {string.Join(", ", counts.Select(c => $"{c.Value} x '{c.Key}'"))}");
        }
    }

    [Fact]
    public void Every_sample_is_replayed_by_some_case()
    {
        var used = LegacyCase.ReadAll().Values.Select(c => Path.GetFileName(c.TraceFile)).ToHashSet(StringComparer.Ordinal);
        var samples = Directory.GetFiles(SharedData.Require("falco/samples"), "*.json").Select(Path.GetFileName).ToList();
        var upstream = DetectionRuleSet.Load([DetectionRulesFile.Read(SharedData.Require("falco/k8s_audit_rules.yaml"))]);

        // Samples no legacy case names still load and evaluate without error under the upstream rules.
        foreach (var sample in samples.Where(s => !used.Contains(s!)))
        {
            Replay(upstream, Path.Combine(SharedData.Root, "falco", "samples", sample!), out _);
        }

        Assert.Contains("fal_01_003.json", used);
    }

    [Fact]
    public void Malformed_event_fal_01_003_is_rejected_without_an_alert()
    {
        var upstream = DetectionRuleSet.Load([DetectionRulesFile.Read(SharedData.Require("falco/k8s_audit_rules.yaml"))]);
        var counts = Replay(upstream, SharedData.Require("falco/samples/fal_01_003.json"), out var rejected);
        Assert.Empty(counts);
        Assert.Equal(1, rejected);

        using var document = JsonDocument.Parse("""{"kind": 0}""");
        Assert.False(AuditEventPayload.TryGetEvents(document.RootElement, new List<JsonElement>()));
        Assert.Equal("the audit event has no stageTimestamp", AuditEventPayload.RejectionReason(document.RootElement));
        Assert.Empty(upstream.Evaluate(document.RootElement));
    }

    /// <summary>Alerts per rule over a JSONL sample; lines that are not audit data are counted as rejected.</summary>
    internal static Dictionary<string, int> Replay(DetectionRuleSet rules, string traceFile, out int rejected)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        rejected = 0;
        foreach (var line in File.ReadLines(traceFile).Where(l => l.Trim().Length > 0))
        {
            using var document = JsonDocument.Parse(line);
            var events = new List<JsonElement>();
            if (!AuditEventPayload.TryGetEvents(document.RootElement, events))
            {
                rejected++;
                continue;
            }

            foreach (var alert in events.SelectMany(rules.Evaluate))
            {
                counts[alert.Rule] = counts.GetValueOrDefault(alert.Rule) + 1;
            }
        }

        return counts;
    }

    private static List<DetectionRulesFile> RulesFiles(IEnumerable<string> legacyPaths)
    {
        var files = new List<DetectionRulesFile>();
        var upstreamLoaded = false;
        foreach (var path in legacyPaths)
        {
            switch (Path.GetFileName(path))
            {
                case "falco_rules.yaml":
                    break;
                case "k8s_audit_rules.yaml" or "engine_v4_k8s_audit_rules.yaml":
                    if (!upstreamLoaded)
                    {
                        files.Add(DetectionRulesFile.Read(SharedData.Require("falco/k8s_audit_rules.yaml")));
                        upstreamLoaded = true;
                    }

                    break;
                case "trust_nginx_container.yaml":
                    files.Add(new DetectionRulesFile("trust_nginx_container.yaml (rewritten)", TrustNginx));
                    break;
                default:
                    files.Add(DetectionRulesFile.Read(SharedData.Require(Path.Combine("falco", "legacy-tests", path.TrimStart('.', '/')))));
                    break;
            }
        }

        return files;
    }

    private sealed record LegacyCase(bool Detect, IReadOnlyList<(string Rule, int Count)> Counts, IReadOnlyList<string> RulesFiles, string TraceFile)
    {
        public static Dictionary<string, LegacyCase> ReadAll()
        {
            var path = SharedData.Require("falco/legacy-tests/falco_k8s_audit_tests.yaml");
            using var reader = new StreamReader(path);
            var root = YamlStreamReader.Read(path, reader)[0].Root!;
            var cases = new Dictionary<string, LegacyCase>(StringComparer.Ordinal);
            foreach (var (key, value) in root["trace_files"]!.Entries)
            {
                var counts = value["detect_counts"]?.Items.SelectMany(i => i.Entries).Select(e => (e.Key.Value, (int)e.Value.AsInt64()!.Value)).ToList() ?? [];
                var traceFile = Path.Combine(SharedData.Root, "falco", "samples", Path.GetFileName(value["trace_file"]!.Value));
                cases[key.Value] = new LegacyCase(value["detect"]!.AsBool()!.Value, counts, [.. value["rules_file"]!.Items.Select(i => i.Value)], traceFile);
            }

            return cases;
        }
    }
}
