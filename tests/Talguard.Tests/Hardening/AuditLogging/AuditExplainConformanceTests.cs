using System.Text;
using Talguard.Services;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.AuditLogging;

/// <summary>
/// Every row of the policy-checker tables of shared/falco/FACTS.md §b, read from the file itself and answered by
/// <c>audit explain</c>: each case's policy is written as YAML, loaded as the command loads it, and its requests are
/// explained as <c>--requests</c> lines. The fixtures (requests and rules) are written here in explain's own input
/// forms; a test keeps them equal to the fixture tables, so a row added upstream fails until it is covered.
/// </summary>
public sealed class AuditExplainConformanceTests : IDisposable
{
    private const string Facts = "falco/FACTS.md";

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-audit-explain-").FullName;
    private int _policies;

    /// <summary>The request fixtures as <c>--requests</c> lines.</summary>
    private static readonly Dictionary<string, string> Requests = new()
    {
        ["NS"] = """{"user":"tim@k8s.io","groups":["humans","developers"],"verb":"get","resource":"pods","namespace":"default","name":"busybox"}""",
        ["CL"] = """{"user":"tim@k8s.io","groups":["humans","developers"],"verb":"get","apiGroup":"rbac.authorization.k8s.io","resource":"clusterroles","name":"edit"}""",
        ["NR"] = """{"user":"tim@k8s.io","groups":["humans","developers"],"verb":"get","path":"/logs/kubelet.log"}""",
        ["SUB"] = """{"user":"tim@k8s.io","groups":["humans","developers"],"verb":"get","resource":"pods","subresource":"log","namespace":"default","name":"busybox"}""",
        ["ANON"] = """{"verb":"get","resource":"pods","namespace":"default","name":"busybox"}""",
    };

    /// <summary>The rule fixtures as policy rules (flow YAML, one line each).</summary>
    private static readonly Dictionary<string, string> Rules = new()
    {
        ["default"] = "{level: Metadata}",
        ["create"] = "{level: Request, verbs: [create]}",
        ["tims"] = "{level: Metadata, users: [tim@k8s.io]}",
        ["humans"] = "{level: Metadata, userGroups: [humans]}",
        ["sa"] = "{level: Request, userGroups: ['system:serviceaccounts']}",
        ["getPods"] = "{level: RequestResponse, verbs: [get], resources: [{group: '', resources: [pods]}]}",
        ["getPodLogs"] = "{level: Request, verbs: [get], resources: [{group: '', resources: [pods/log]}]}",
        ["wild"] = "{level: Request, verbs: [get], resources: [{group: '', resources: ['*']}]}",
        ["starLog"] = "{level: Request, verbs: [get], resources: [{group: '', resources: ['*/log']}]}",
        ["podsStar"] = "{level: Request, verbs: [get], resources: [{group: '', resources: ['pods/*']}]}",
        ["getCR"] = "{level: RequestResponse, verbs: [get], resources: [{group: rbac.authorization.k8s.io, resources: [clusterroles]}], namespaces: ['']}",
        ["logs"] = "{level: RequestResponse, verbs: [get], nonResourceURLs: ['/logs*']}",
        ["metrics"] = "{level: Request, verbs: [get], nonResourceURLs: [/metrics]}",
        ["crEdit"] = "{level: Request, resources: [{group: rbac.authorization.k8s.io, resources: [clusterroles], resourceNames: [edit]}]}",
        ["omitRR"] = "{level: Request, omitStages: [RequestReceived]}",
        ["panicOnly"] = "{level: Request, omitStages: [RequestReceived, ResponseStarted, ResponseComplete]}",
    };

    /// <summary>The derived cases: each request cell of that table as a request line, each rule cell as a policy rule.</summary>
    private static readonly Dictionary<string, string> DerivedRequests = new()
    {
        ["NS (plain pods)"] = Requests["NS"],
        ["GET /apis/apps/v1/namespaces/default/deployments/x"] = """{"user":"tim@k8s.io","verb":"get","apiGroup":"apps","resource":"deployments","namespace":"default","name":"x"}""",
        ["NS"] = Requests["NS"],
        ["list pods in default (name \"\")"] = """{"user":"tim@k8s.io","verb":"list","resource":"pods","namespace":"default"}""",
        ["GET /api/v1/pods (all namespaces)"] = """{"user":"tim@k8s.io","verb":"list","resource":"pods"}""",
        ["GET /api/v1/namespaces/foo"] = """{"user":"tim@k8s.io","verb":"get","resource":"namespaces","namespace":"foo","name":"foo"}""",
        ["NR `/logsfoo`"] = """{"user":"tim@k8s.io","verb":"get","path":"/logsfoo"}""",
        ["NR `/logs/kubelet.log`"] = Requests["NR"],
        ["NR"] = Requests["NR"],
        ["SUB (pods/log)"] = Requests["SUB"],
    };

    private static readonly Dictionary<string, string> DerivedRules = new()
    {
        ["`{level Request, resources [{\"\", [\"pods/*\"]}]}`"] = "{level: Request, resources: [{group: '', resources: ['pods/*']}]}",
        ["`{resources [{group \"\", resources [deployments]}]}`"] = "{level: Metadata, resources: [{group: '', resources: [deployments]}]}",
        ["`{resources [{group \"*\", resources [\"*\"]}]}`"] = "{level: Metadata, resources: [{group: '*', resources: ['*']}]}",
        ["`{resources [{\"\", [pods], resourceNames [busybox]}]}`"] = "{level: Metadata, resources: [{group: '', resources: [pods], resourceNames: [busybox]}]}",
        ["`{namespaces [\"\"]}`"] = "{level: Metadata, namespaces: ['']}",
        ["`{namespaces [foo]}`"] = "{level: Metadata, namespaces: [foo]}",
        ["`{nonResourceURLs [\"/logs*\"]}`"] = "{level: Metadata, nonResourceURLs: ['/logs*']}",
        ["`{nonResourceURLs [\"*\"]}`"] = "{level: Metadata, nonResourceURLs: ['*']}",
        ["`{namespaces [\"default\"]}`"] = "{level: Metadata, namespaces: [default]}",
        ["`{verbs [\"*\"]}`"] = "{level: Metadata, verbs: ['*']}",
        ["`{resources [{\"\", [pods]}]}`"] = "{level: Metadata, resources: [{group: '', resources: [pods]}]}",
    };

    private static readonly Dictionary<string, string> StageNames = new()
    {
        ["RR"] = "RequestReceived",
        ["RS"] = "ResponseStarted",
        ["RC"] = "ResponseComplete",
        ["Panic"] = "Panic",
    };

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_fixtures_are_the_ones_of_the_facts()
    {
        var requestIds = Table("Request fixtures.").Select(row => row[0]).ToList();
        Assert.Equal(requestIds.Order(StringComparer.Ordinal), Requests.Keys.Order(StringComparer.Ordinal));

        var rules = Table("Rule fixtures.");
        Assert.Equal(rules.Select(row => row[0].Replace("R_", string.Empty, StringComparison.Ordinal)).Order(StringComparer.Ordinal), Rules.Keys.Order(StringComparer.Ordinal));
        foreach (var row in rules)
        {
            Assert.StartsWith("{level: " + row[1] + ",", Rules[row[0][2..]].Replace("}", ",", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_level_case_gets_the_level_upstream_expects_with_and_without_policy_omit_stages()
    {
        var rows = Table("Level cases.");
        Assert.True(rows.Count >= 40, $"only {rows.Count} level cases read from FACTS.md");
        var failures = new List<string>();
        foreach (var policyStages in new[] { Array.Empty<string>(), ["RequestReceived", "ResponseStarted"] })
        {
            foreach (var row in rows)
            {
                var rules = RuleIds(row[1]);
                var answer = ExplainOne(policyStages, rules.Select(id => Rules[id]), Requests[row[0]]);
                Check(failures, $"{row[0]} with [{row[1]}], policy omitStages [{string.Join(", ", policyStages)}]", answer, row[2], policyStages, rules.Select(id => Rules[id]).ToList());
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Every_omit_stages_case_gets_the_union_of_policy_and_rule_stages()
    {
        var rows = Table("omitStages cases.");
        Assert.True(rows.Count >= 5, $"only {rows.Count} omitStages cases read from FACTS.md");
        var failures = new List<string>();
        foreach (var row in rows)
        {
            var policyStages = Stages(row[0]);
            var rules = RuleIds(row[2]).Select(id => Rules[id]).ToList();
            foreach (var request in row[1].Replace("(each)", string.Empty, StringComparison.Ordinal).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var answer = ExplainOne(policyStages, rules, Requests[request]);
                Check(failures, $"{request} with [{row[2]}], policy omitStages {row[0]}", answer, row[3], Stages(row[4]), rules);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Every_union_stages_case_is_what_explain_reports_for_policy_and_rule_stages()
    {
        var rows = Table("`unionStages` cases");
        Assert.True(rows.Count >= 7, $"only {rows.Count} unionStages cases read from FACTS.md");
        var failures = new List<string>();
        foreach (var row in rows)
        {
            var rule = row[1] == "null" ? "{level: Metadata}" : $"{{level: Metadata, omitStages: [{string.Join(", ", Stages(row[1]))}]}}";
            var answer = ExplainOne(row[0] == "null" ? null : Stages(row[0]), [rule], Requests["NS"]);
            if (!answer.OmitStages.Order(StringComparer.Ordinal).SequenceEqual(Stages(row[2]).Order(StringComparer.Ordinal)))
            {
                failures.Add($"{row[0]} + {row[1]}: got [{string.Join(", ", answer.OmitStages)}], expected {row[2]}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Every_omit_managed_fields_case_takes_the_rule_value_when_set_else_the_policy_value()
    {
        var rows = Table("omitManagedFields cases.");
        Assert.Equal(4, rows.Count);
        foreach (var row in rows)
        {
            var rule = row[1] == "unset" ? "{level: RequestResponse, verbs: [get]}" : $"{{level: RequestResponse, verbs: [get], omitManagedFields: {row[1]}}}";
            var answer = ExplainOne([], [rule], Requests["NS"], $"omitManagedFields: {row[0]}");
            Assert.True(answer.OmitManagedFields == bool.Parse(row[2]), $"policy {row[0]}, rule {row[1]}");
        }
    }

    [Fact]
    public void Every_derived_case_matches_as_the_checker_code_does()
    {
        var rows = Table("Extra cases **[derived]**");
        Assert.True(rows.Count >= 12, $"only {rows.Count} derived cases read from FACTS.md");
        var failures = new List<string>();
        foreach (var row in rows)
        {
            Assert.True(DerivedRequests.ContainsKey(row[0]), $"derived request '{row[0]}' has no request line here");
            Assert.True(DerivedRules.ContainsKey(row[1]), $"derived rule '{row[1]}' has no policy rule here");
            var expected = row[2].StartsWith("**match**", StringComparison.Ordinal) || row[2].StartsWith("match", StringComparison.Ordinal);
            var policy = WritePolicy(null, [DerivedRules[row[1]]]);
            AuditExplainService explainer;
            try
            {
                explainer = AuditExplainService.Load(policy);
            }
            catch (Talguard.Model.InputException ex)
            {
                // A group of "*" is not a DNS subdomain: the API server refuses the whole policy, so nothing can match.
                Assert.False(expected, $"{row[0]} / {row[1]}: refused ({ex.Message}) but expected a match");
                Assert.Contains("is not a DNS subdomain", ex.Message, StringComparison.Ordinal);
                continue;
            }

            var answer = Single(explainer, DerivedRequests[row[0]]);
            if ((answer.RuleIndex == 0) != expected)
            {
                failures.Add($"{row[0]} / {row[1]}: ruleIndex {answer.RuleIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}, expected {row[2]}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Level and stages as expected; a matched rule is named by index, has that level, and is located on its own line.</summary>
    private static void Check(List<string> failures, string what, AuditExplanation answer, string level, IReadOnlyList<string> stages, IReadOnlyList<string> rules)
    {
        var problem = answer.Level != level ? $"level {answer.Level}, expected {level}"
            : !answer.OmitStages.Order(StringComparer.Ordinal).SequenceEqual(stages.Order(StringComparer.Ordinal)) ? $"omitStages [{string.Join(", ", answer.OmitStages)}], expected [{string.Join(", ", stages)}]"
            : level == "None" && answer.RuleIndex is not null && !rules[answer.RuleIndex.Value].Contains("level: None", StringComparison.Ordinal) ? $"ruleIndex {answer.RuleIndex} for level None"
            : level != "None" && (answer.RuleIndex is not { } index || !rules[index].StartsWith("{level: " + level + ",", StringComparison.Ordinal) && rules[index] != "{level: " + level + "}") ? "ruleIndex does not name a rule of that level"
            : answer.RuleIndex is { } at && answer.Location?.Line != PolicyHeaderLines + at + 1 ? $"location line {answer.Location?.Line}, expected {PolicyHeaderLines + at + 1}"
            : null;
        if (problem is not null)
        {
            failures.Add($"{what}: {problem}");
        }
    }

    /// <summary>apiVersion, kind, omitStages, omitManagedFields (or a comment) and <c>rules:</c>; the rules follow one per line.</summary>
    private const int PolicyHeaderLines = 5;

    private string WritePolicy(IReadOnlyList<string>? policyStages, IEnumerable<string> rules, string? extra = null)
    {
        var text = new StringBuilder();
        text.Append("apiVersion: audit.k8s.io/v1\nkind: Policy\n");
        text.Append(policyStages is null ? "# no policy-level omitStages\n" : $"omitStages: [{string.Join(", ", policyStages)}]\n");
        text.Append(extra ?? "# omitManagedFields left out").Append('\n');
        text.Append("rules:\n");
        foreach (var rule in rules)
        {
            text.Append("  - ").Append(rule).Append('\n');
        }

        var path = Path.Combine(_directory, $"policy-{_policies++}.yaml");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private AuditExplanation ExplainOne(IReadOnlyList<string>? policyStages, IEnumerable<string> rules, string request, string? extra = null) =>
        Single(AuditExplainService.Load(WritePolicy(policyStages, rules, extra)), request);

    private static AuditExplanation Single(AuditExplainService explainer, string request)
    {
        var line = Assert.Single(explainer.ExplainLines(new StringReader(request)));
        Assert.Null(line.Error);
        return line.Explanation!;
    }

    private static List<string> RuleIds(string cell) => [.. cell.Split(',', StringSplitOptions.TrimEntries).Select(id => id.Trim())];

    /// <summary><c>[RR, RS]</c>, <c>{RR, RS, RC}</c> or <c>[]</c> as stage names.</summary>
    private static List<string> Stages(string cell) =>
        [.. cell.Trim('[', ']', '{', '}', ' ').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => StageNames[s])];

    /// <summary>
    /// The body rows of the first Markdown table after the line starting with <paramref name="heading"/> in FACTS.md,
    /// as trimmed cells (a header row, then the separator row, are skipped).
    /// </summary>
    private static List<string[]> Table(string heading)
    {
        var lines = File.ReadAllLines(SharedData.Require(Facts));
        var start = Array.FindIndex(lines, line => line.StartsWith(heading, StringComparison.Ordinal));
        Assert.True(start >= 0, $"FACTS.md has no paragraph starting '{heading}'");
        var rows = new List<string[]>();
        var i = start + 1;
        while (i < lines.Length && !lines[i].StartsWith('|'))
        {
            i++;
        }

        for (i += 2; i < lines.Length && lines[i].StartsWith('|'); i++)
        {
            rows.Add([.. lines[i].Trim().Trim('|').Split('|').Select(cell => cell.Trim())]);
        }

        return rows;
    }
}
