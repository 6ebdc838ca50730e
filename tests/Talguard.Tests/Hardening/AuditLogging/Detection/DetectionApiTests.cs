using System.Text.Json;
using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.AuditLogging.Detection;

/// <summary>The public surface other verbs build on: loading, the built-in set, evaluation and alerts.</summary>
public class DetectionApiTests
{
    [Fact]
    public void Upstream_rules_file_loads_unchanged()
    {
        var path = SharedData.Require("falco/k8s_audit_rules.yaml");
        var rules = DetectionRuleSet.Load([DetectionRulesFile.Read(path)]);
        Assert.Equal(48, rules.Rules.Count);
        Assert.All(rules.Rules, r => Assert.Equal("k8s_audit", r.Source));
        Assert.Contains(rules.Rules, r => r.Name == "Attach/Exec Pod" && r.Priority == DetectionPriority.Notice && r.Tags.SequenceEqual(["k8s"]));
    }

    [Fact]
    public void Alert_carries_time_rule_priority_output_tags_source_and_audit_id()
    {
        var rules = DetectionRuleSet.Load([DetectionRulesFile.Read(SharedData.Require("falco/k8s_audit_rules.yaml"))]);
        using var document = JsonDocument.Parse(File.ReadAllText(SharedData.Require("falco/samples/exec_pod.json")));
        var alert = Assert.Single(rules.Evaluate(document.RootElement));
        Assert.Equal("Attach/Exec Pod", alert.Rule);
        Assert.Equal(DetectionPriority.Notice, alert.Priority);
        Assert.Equal("k8s_audit", alert.Source);
        Assert.Equal(["k8s"], alert.Tags);
        Assert.Equal(document.RootElement.GetProperty("auditID").GetString(), alert.AuditId);
        Assert.Equal(DateTimeOffset.Parse(document.RootElement.GetProperty("stageTimestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture), alert.Time);
        Assert.StartsWith("Attach/Exec to pod (user=", alert.Output, StringComparison.Ordinal);
        Assert.Contains("command=", alert.Output, StringComparison.Ordinal);
        Assert.StartsWith(alert.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), alert.ToFalcoLine(), StringComparison.Ordinal);
        Assert.Contains(": Notice Attach/Exec to pod", alert.ToFalcoLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Built_in_rules_load_and_are_all_evaluated()
    {
        var rules = DetectionRuleSet.BuiltIn;
        Assert.NotEmpty(rules.Rules);
        Assert.All(rules.Rules, r => Assert.True(r.IsEvaluated, r.Name));
        Assert.Equal(rules.Rules.Select(r => r.Name), DetectionRuleSet.Load([DetectionRuleSet.BuiltInRulesFile]).Rules.Select(r => r.Name));
    }

    [Fact]
    public void Evaluation_on_many_threads_gives_what_one_thread_gives()
    {
        var rules = DetectionRuleSet.Load([DetectionRulesFile.Read(SharedData.Require("falco/k8s_audit_rules.yaml")), DetectionRuleSet.BuiltInRulesFile]);
        var lines = Directory.GetFiles(SharedData.Require("falco/samples"), "*.json").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines).Where(l => l.Contains("stageTimestamp", StringComparison.Ordinal)).ToList();
        var documents = lines.Select(l => JsonDocument.Parse(l)).ToList();
        try
        {
            string Run(JsonDocument d) => string.Join('\n', rules.Evaluate(d.RootElement).Select(a => a.ToFalcoLine()));
            var sequential = documents.Select(Run).ToList();
            var parallel = new string[documents.Count * 8];
            Parallel.For(0, parallel.Length, i => parallel[i] = Run(documents[i % documents.Count]));
            for (var i = 0; i < parallel.Length; i++)
            {
                Assert.Equal(sequential[i % documents.Count], parallel[i]);
            }
        }
        finally
        {
            documents.ForEach(d => d.Dispose());
        }
    }
}
