using System.Text.Json;
using System.Text.RegularExpressions;
using Talguard.Tests.Support;

namespace Talguard.Tests.Cli;

public sealed class PssCliTests : IDisposable
{
    private const string Shop = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels:
            pod-security.kubernetes.io/enforce: baseline
            pod-security.kubernetes.io/warn: restricted
            pod-security.kubernetes.io/warn-version: v1.30
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: debug
          namespace: shop
        spec:
          hostPID: true
          containers:
          - name: shell
            image: busybox
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-pss-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Table_output_reads_like_api_server_denials_and_warnings()
    {
        var outcome = Support.Cli.Run("pss", "--pss-defaults", "upstream", Write("shop.yaml", Shop));
        Assert.Equal(1, outcome.ExitCode);

        // Each line is wrapped at spaces to the width; joined back, it is the API server's text.
        var lines = Regex.Replace(outcome.Stdout, "\n +", " ").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "Deployment/web (shop): would violate PodSecurity \"restricted:v1.30\": allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true), " +
            "seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
            lines[0]);
        Assert.Equal("Pod/debug (shop): violates PodSecurity \"baseline:latest\": host namespaces (hostPID=true)", lines[1]);
        Assert.StartsWith("2 workload(s) evaluated: 1 violate the enforced level, 1 only the audit/warn level, 0 allowed", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_carries_findings_and_one_evaluation_per_object_and_mode()
    {
        var outcome = Support.Cli.Run("pss", "--format", "json", "--fail-on", "none", "--pss-defaults", "upstream", Write("shop.yaml", Shop));
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var evaluations = json.RootElement.GetProperty("evaluations").EnumerateArray().ToList();
        Assert.Equal(6, evaluations.Count);
        var enforce = evaluations.Single(e => e.GetProperty("name").GetString() == "debug" && e.GetProperty("mode").GetString() == "enforce");
        Assert.Equal("Pod", enforce.GetProperty("kind").GetString());
        Assert.Equal("shop", enforce.GetProperty("namespace").GetString());
        Assert.Equal(2, enforce.GetProperty("document").GetInt32());
        Assert.Equal("baseline", enforce.GetProperty("level").GetString());
        Assert.Equal("latest", enforce.GetProperty("version").GetString());
        Assert.False(enforce.GetProperty("allowed").GetBoolean());
        Assert.Equal("violates PodSecurity \"baseline:latest\": host namespaces (hostPID=true)", enforce.GetProperty("message").GetString());
        var audit = evaluations.Single(e => e.GetProperty("name").GetString() == "web" && e.GetProperty("mode").GetString() == "audit");
        Assert.True(audit.GetProperty("allowed").GetBoolean());
        Assert.Equal(string.Empty, audit.GetProperty("message").GetString());

        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        var hostPid = findings.Single(f => f.GetProperty("ruleId").GetString() == "TG-PSS-006");
        Assert.Equal("spec.hostPID", hostPid.GetProperty("location").GetProperty("path").GetString());
        Assert.Equal(28, hostPid.GetProperty("location").GetProperty("line").GetInt32());
        Assert.Equal("debug", hostPid.GetProperty("object").GetProperty("name").GetString());
        Assert.Equal(8, findings.Count(f => f.GetProperty("ruleId").GetString() == "TG-PSS-007"));
    }

    [Fact]
    public void Explicit_level_and_version_evaluate_every_object_once()
    {
        var outcome = Support.Cli.Run("pss", "--level", "baseline", "--version", "v1.0", "--format", "json", Write("shop.yaml", Shop));
        using var json = JsonDocument.Parse(outcome.Stdout);
        var evaluations = json.RootElement.GetProperty("evaluations").EnumerateArray().ToList();
        Assert.Equal(2, evaluations.Count);
        Assert.All(evaluations, e => Assert.Equal("explicit", e.GetProperty("mode").GetString()));
        Assert.All(evaluations, e => Assert.Equal("v1.0", e.GetProperty("version").GetString()));
        Assert.Equal([true, false], evaluations.Select(e => e.GetProperty("allowed").GetBoolean()));
    }

    [Fact]
    public void Upstream_fixtures_through_the_cli_get_the_verdict_of_their_directory()
    {
        var root = SharedData.Require("pss/testdata");
        foreach (var (level, version) in new[] { ("restricted", "v1.30"), ("baseline", "v1.37") })
        {
            var outcome = Support.Cli.Run("pss", "--level", level, "--version", version, "--format", "json", Path.Combine(root, level, version));
            using var json = JsonDocument.Parse(outcome.Stdout);
            foreach (var evaluation in json.RootElement.GetProperty("evaluations").EnumerateArray())
            {
                var file = evaluation.GetProperty("file").GetString()!;
                Assert.Equal(file.Contains("/pass/", StringComparison.Ordinal), evaluation.GetProperty("allowed").GetBoolean());
            }
        }
    }

    [Fact]
    public void Kubernetes_version_caps_latest_as_an_older_api_server_would()
    {
        const string Pod = "examples/pod-security/user-namespace-pod.yaml";
        Assert.Equal(0, Support.Cli.Run("pss", "--level", "restricted", Pod).ExitCode);
        var capped = Support.Cli.Run("pss", "--level", "restricted", "--kubernetes-version", "v1.34", Pod);
        Assert.Equal(1, capped.ExitCode);
        Assert.StartsWith("Pod/userns (default): violates PodSecurity \"restricted:latest\": runAsNonRoot != true", Regex.Replace(capped.Stdout, "\n +", " "), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--version", "1.30")]
    [InlineData("--level", "strict")]
    [InlineData("--kubernetes-version", "v2.1")]
    public void Bad_flags_are_one_line_usage_errors(string flag, string value)
    {
        var outcome = Support.Cli.Run("pss", flag, value, Write("shop.yaml", Shop));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(string.Empty, outcome.Stdout);
        Assert.Single(outcome.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Fix_writes_patched_copies_that_pass_restricted_and_leaves_inputs_alone()
    {
        var input = Write("shop.yaml", Shop);
        var output = Path.Combine(_directory, "out");
        var outcome = Support.Cli.Run("pss", "--fix", "--out", output, input);
        Assert.Contains("note: patched for restricted:latest (2 more workload(s) now pass): wrote ", Regex.Replace(outcome.Stdout, "\n +", " "), StringComparison.Ordinal);
        Assert.Equal(Shop, File.ReadAllText(input));
        var check = Support.Cli.Run("pss", "--level", "restricted", "--format", "json", Path.Combine(output, "shop.yaml"));
        Assert.Equal(0, check.ExitCode);
        using var json = JsonDocument.Parse(check.Stdout);
        Assert.All(json.RootElement.GetProperty("evaluations").EnumerateArray(), e => Assert.True(e.GetProperty("allowed").GetBoolean()));
    }

    [Fact]
    public void Fix_in_place_replaces_the_input()
    {
        var input = Write("shop.yaml", Shop);
        Support.Cli.Run("pss", "--fix", "--in-place", "--level", "baseline", input);
        Assert.NotEqual(Shop, File.ReadAllText(input));
        Assert.StartsWith(Shop[..Shop.IndexOf("---", StringComparison.Ordinal)], File.ReadAllText(input), StringComparison.Ordinal);
        Assert.Equal(0, Support.Cli.Run("pss", "--level", "baseline", input).ExitCode);
    }

    [Fact]
    public void Fix_needs_a_destination()
    {
        var outcome = Support.Cli.Run("pss", "--fix", Write("shop.yaml", Shop));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("talguard: --fix needs --out DIR (patched copies) or --in-place\n", outcome.Stderr);
    }
}
