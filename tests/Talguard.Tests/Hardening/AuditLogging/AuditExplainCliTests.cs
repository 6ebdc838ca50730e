using System.Text;
using System.Text.Json;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.AuditLogging;

/// <summary><c>talguard audit explain</c> as a user runs it: policies from every kind of file, the three output forms, bad input.</summary>
public sealed class AuditExplainCliTests : IDisposable
{
    private const string Policy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
          - level: None
            users: ["system:kube-proxy"]
            verbs: [watch]
          - level: Metadata
            resources:
              - group: ""
                resources: [secrets]
          - level: RequestResponse
            verbs: [get]
            nonResourceURLs: ["/logs*"]
            omitStages: [ResponseStarted]
          - level: Request
            verbs: [create, update, patch]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-explain-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Json_names_level_stages_rule_and_its_place()
    {
        var policy = Write("policy.yaml", Policy);
        var outcome = Support.Cli.Run("audit", "explain", "--policy", policy, "--user", "alice", "--user-group", "dev", "--verb", "get",
            "--resource", "secrets", "--namespace", "default", "--name", "db", "--format", "json");
        Assert.Equal((0, string.Empty), (outcome.ExitCode, outcome.Stderr));
        Assert.Equal($$"""
            {
              "level": "Metadata",
              "omitStages": [
                "RequestReceived"
              ],
              "ruleIndex": 1,
              "location": {
                "file": "{{policy}}",
                "line": 8,
                "column": 5,
                "path": "rules[1]"
              },
              "omitManagedFields": false
            }

            """, outcome.Stdout);
    }

    [Fact]
    public void Text_for_a_non_resource_request_unions_policy_and_rule_stages()
    {
        var policy = Write("policy.yaml", Policy);
        var outcome = Support.Cli.Run("audit", "explain", "--policy", policy, "--user", "alice", "--verb", "get", "--path", "/logsfoo?tail=1");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal($"""
            level:        RequestResponse
            omitStages:   RequestReceived, ResponseStarted
            rule:         #2 at {policy}:12:5 (rules[2])
            request:      get /logsfoo by user alice

            """, outcome.Stdout);
    }

    [Fact]
    public void No_match_is_level_none_with_the_policy_stages_and_no_rule()
    {
        var policy = Write("policy.yaml", Policy);
        var outcome = Support.Cli.Run("audit", "explain", "--policy", policy, "--verb", "list", "--resource", "pods", "-f", "json");
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal("None", json.RootElement.GetProperty("level").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("ruleIndex").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("location").ValueKind);
        Assert.Equal("RequestReceived", Assert.Single(json.RootElement.GetProperty("omitStages").EnumerateArray()).GetString());
    }

    [Fact]
    public void Requests_file_answers_one_line_each_in_order_and_a_bad_line_does_not_stop_it()
    {
        var policy = Write("policy.yaml", Policy);
        var requests = Write("requests.jsonl", string.Join('\n',
            """{"user":"system:kube-proxy","verb":"watch","resource":"endpoints"}""",
            """{"user":"bob","verb":"create","apiGroup":"apps","resource":"deployments","namespace":"shop"}""",
            """{"user":"bob","verb":"create",""",
            "",
            """{"user":"bob","verb":"get","resources":"pods"}""",
            """{"verb":"get","path":"/logs/kubelet.log"}""",
            """{"verb":"delete","resource":"pods","path":"/api"}""",
            """[1,2]"""));
        var outcome = Support.Cli.Run("audit", "explain", "--policy", policy, "--requests", requests);
        Assert.Equal((0, string.Empty), (outcome.ExitCode, outcome.Stderr));
        var lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("""{"level":"None","omitStages":["RequestReceived"],"ruleIndex":0,"location":{"file":""", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("""{"level":"Request","omitStages":["RequestReceived"],"ruleIndex":3,""", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("""{"line":3,"error":"not valid JSON""", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("{\"line\":5,\"error\":\"unknown key \\\"resources\\\"", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("""{"level":"RequestResponse","omitStages":["RequestReceived","ResponseStarted"],"ruleIndex":2,""", lines[4], StringComparison.Ordinal);
        Assert.Equal("""{"line":7,"error":"give either resource (a resource request) or path (a non-resource URL), not both"}""", lines[5]);
        Assert.Equal("""{"line":8,"error":"not a JSON object"}""", lines[6]);
    }

    [Fact]
    public void Requests_output_is_the_same_bytes_for_the_same_input()
    {
        var policy = Write("policy.yaml", Policy);
        var text = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            text.Append(i % 3 == 0 ? """{"user":"u","verb":"get","resource":"secrets","namespace":"ns"}""" : """{"verb":"patch","resource":"pods","name":"p"}""").Append('\n');
        }

        var requests = Write("many.jsonl", text.ToString());
        var first = Support.Cli.Run("audit", "explain", "--policy", policy, "--requests", requests);
        var second = Support.Cli.Run("audit", "explain", "--policy", policy, "--requests", requests);
        Assert.Equal(2000, first.Stdout.Count(c => c == '\n'));
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public void Talos_config_inline_policy_is_located_in_the_config()
    {
        var outcome = Support.Cli.Run("audit", "explain", "--policy", "examples/hardened-cluster/controlplane.yaml", "--user", "system:kube-proxy",
            "--verb", "watch", "--resource", "endpoints", "-f", "json");
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal("None", json.RootElement.GetProperty("level").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("ruleIndex").GetInt32());
        var location = json.RootElement.GetProperty("location");
        Assert.Equal("cluster.apiServer.auditPolicy.rules[1]", location.GetProperty("path").GetString());
        Assert.Equal(84, location.GetProperty("line").GetInt32());
    }

    [Fact]
    public void Talos_v114_policy_document_is_read()
    {
        var patch = Write("patch.yaml", "apiVersion: v1alpha1\nkind: KubeAuditPolicyConfig\nconfiguration:\n  apiVersion: audit.k8s.io/v1\n  kind: Policy\n  rules:\n    - level: Request\n");
        var outcome = Support.Cli.Run("audit", "explain", "--policy", patch, "--verb", "get", "--path", "/healthz", "-f", "json");
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal("Request", json.RootElement.GetProperty("level").GetString());
        Assert.Equal("configuration.rules[0]", json.RootElement.GetProperty("location").GetProperty("path").GetString());
    }

    [Fact]
    public void Talos_config_without_a_policy_gets_talos_default()
    {
        var config = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "examples/hardened-cluster/controlplane.yaml"));
        var start = config.IndexOf("    auditPolicy:", StringComparison.Ordinal);
        var end = config.IndexOf("  controllerManager:", StringComparison.Ordinal);
        var path = Write("controlplane.yaml", config[..start] + config[end..]);
        var outcome = Support.Cli.Run("audit", "explain", "--policy", path, "--verb", "get", "--resource", "secrets", "--namespace", "a", "--name", "b");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("level:        Metadata", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("(Talos's default policy (no cluster.apiServer.auditPolicy), rules[0])", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_file_placed_by_machine_files_is_read()
    {
        var patch = Write("patch.yaml",
            "machine:\n  files:\n    - path: /var/lib/kubernetes/audit.yaml\n      op: create\n      content: |\n" +
            "        apiVersion: audit.k8s.io/v1\n        kind: Policy\n        rules:\n          - level: RequestResponse\n" +
            "cluster:\n  apiServer:\n    extraArgs:\n      audit-policy-file: /etc/kubernetes/audit.yaml\n" +
            "    extraVolumes:\n      - {hostPath: /var/lib/kubernetes, mountPath: /etc/kubernetes}\n");
        var outcome = Support.Cli.Run("audit", "explain", "--policy", patch, "--verb", "get", "--resource", "pods", "-f", "json");
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal("RequestResponse", json.RootElement.GetProperty("level").GetString());
        var location = json.RootElement.GetProperty("location");
        Assert.Equal("machine.files[0].content", location.GetProperty("path").GetString());
        Assert.Equal("policy file /var/lib/kubernetes/audit.yaml (machine.files[0]), rules[0]", location.GetProperty("within").GetString());
    }

    [Theory]
    [InlineData("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: metadata\n", ":4: rules[0].level: level \"metadata\" is not supported")]
    [InlineData("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n", ":3: rules: the policy has no rules")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", ": no audit policy in it")]
    public void Policy_the_api_server_refuses_or_no_policy_is_one_input_error(string text, string expected)
    {
        var policy = Write("bad.yaml", text);
        var outcome = Support.Cli.Run("audit", "explain", "--policy", policy, "--verb", "get", "--resource", "pods");
        Support.Cli.AssertOneLineInputError(outcome, policy + expected);
    }

    [Theory]
    [InlineData("--resource and --path exclude each other", "--verb", "get", "--resource", "pods", "--path", "/x")]
    [InlineData("give --resource (a resource request) or --path (a non-resource URL)", "--verb", "get")]
    [InlineData("--verb is required", "--resource", "pods")]
    [InlineData("--requests and --verb exclude each other", "--requests", "r.jsonl", "--verb", "get")]
    public void Incomplete_or_contradictory_request_is_a_usage_error(string expected, params string[] args)
    {
        var policy = Write("policy.yaml", Policy);
        var outcome = Support.Cli.Run(["audit", "explain", "--policy", policy, .. args]);
        Support.Cli.AssertOneLineInputError(outcome, expected);
    }
}
