using System.Text.Json;
using Talguard.Evidence.Drift;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Evidence.Adapters;

/// <summary>
/// <c>talguard verify BUNDLE --expect DIR</c>: each node's running machine config against the config in Git. Expect/hardened
/// holds the hardened example configs; Expect/weakened the control-plane config with the weakened settings of the
/// v1.13-weak-admin bundle.
/// </summary>
public class ConfigDriftTests
{
    private const string Data = "tests/Talguard.Tests/Evidence/Adapters/";

    private static (int ExitCode, List<string> Findings, List<string> NotCollected, List<string> Notices) Verify(string bundle, string expect)
    {
        var outcome = Support.Cli.Run("verify", Data + "Bundles/" + bundle, "--expect", Data + "Expect/" + expect, "--format", "json", "--fail-on", "info");
        Assert.True(outcome.ExitCode is 0 or 1, outcome.Stderr);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var root = json.RootElement;
        return (outcome.ExitCode,
            [.. root.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("ruleId").GetString() == "TG-DRIFT-001")
                .Select(f => $"{f.GetProperty("severity").GetString()} {f.GetProperty("location").GetProperty("line").GetInt32()}:{f.GetProperty("location").GetProperty("column").GetInt32()} {f.GetProperty("location").GetProperty("path").GetString()}")],
            [.. root.GetProperty("notCollected").EnumerateArray().Select(n => $"{(n.GetProperty("node").ValueKind == JsonValueKind.Null ? "-" : n.GetProperty("node").GetString())} {n.GetProperty("resource").GetString()}: {n.GetProperty("reason").GetString()}")],
            [.. root.GetProperty("notices").EnumerateArray().Select(n => n.GetString()!)]);
    }

    [Fact]
    public void Each_weakened_setting_is_a_finding_with_the_severity_of_the_rule_it_fails()
    {
        var (exit, findings, _, _) = Verify("v1.13-weak-admin", "hardened");
        Assert.Equal(1, exit);
        Assert.Equal(
        [
            "medium 13:895 spec: machine.sysctls[\"kernel.kptr_restrict\"]",
            "high 13:1046 spec: machine.kubelet.extraConfig.readOnlyPort",
            "high 13:1137 spec: machine.install.image",
            "medium 13:3832 spec: cluster.apiServer.admissionControl[0].configuration.defaults.enforce",
            "medium 13:6750 spec (document 1): encryption.keys[0].tpm",
            "medium 13:7011 spec (document 2): encryption.keys[0].tpm",
        ], findings);
    }

    [Fact]
    public void A_drift_finding_names_the_node_both_values_and_the_rule()
    {
        var outcome = Support.Cli.Run("verify", Data + "Bundles/v1.13-weak-admin", "--expect", Data + "Expect/hardened", "--format", "json");
        using var json = JsonDocument.Parse(outcome.Stdout);
        var message = json.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("ruleId").GetString() == "TG-DRIFT-001").Select(f => f.GetProperty("message").GetString()).ElementAt(3);
        Assert.Equal("node 10.5.0.2: cluster.apiServer.admissionControl[0].configuration.defaults.enforce is weaker on the node than in "
            + Data + "Expect/hardened/controlplane.yaml: running \"privileged\", Git \"restricted\" (TG-PSS-002: PodSecurity defaults enforce privileged: unlabelled namespaces admit any pod)", message);
    }

    [Fact]
    public void Secrets_are_never_shown_as_drift_values()
    {
        var outcome = Support.Cli.Run("verify", Data + "Bundles/v1.13-weak-admin", "--expect", Data + "Expect/hardened", "--format", "json");
        Assert.DoesNotContain("LS0tLS1CRUdJTi", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Kx7v2m9QpLr4sT8uWy1zAb3cDe5fGh6iJk0lMn2oPqE=", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_as_hardened_as_Git_has_no_drift()
    {
        var (_, findings, notCollected, notices) = Verify("v1.13-healthy-admin", "hardened");
        Assert.Empty(findings);
        Assert.DoesNotContain(notCollected, n => n.StartsWith("10.5.0.2 machineconfig", StringComparison.Ordinal));
        Assert.DoesNotContain(notices, n => n.StartsWith("drift:", StringComparison.Ordinal));
    }

    [Fact]
    public void Strengthened_settings_are_no_findings_but_the_report_names_them()
    {
        var (_, findings, _, notices) = Verify("v1.13-healthy-admin", "weakened");
        Assert.Empty(findings);
        Assert.Contains("drift: node 10.5.0.2 is stronger than Git at cluster.apiServer.admissionControl[0].configuration.defaults.enforce "
            + "(running \"restricted\", Git \"privileged\"): TG-PSS-002 fires only on the Git config", notices);
        Assert.Equal(5, notices.Count(n => n.StartsWith("drift:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_the_machine_config_drift_is_not_collected_never_clean()
    {
        var (_, findings, notCollected, _) = Verify("v1.12-weak", "hardened");
        Assert.Empty(findings);
        var reason = "--expect compares the node's running machine config, which is not in the bundle: collect with --admin (os:admin) to judge drift";
        Assert.Contains($"10.5.0.2 machineconfig: {reason}", notCollected);
        Assert.Contains($"10.5.0.3 machineconfig: {reason}", notCollected);
    }

    [Fact]
    public void A_node_matches_its_config_by_address_file_name_host_name_or_role()
    {
        var expected = ConfigDrift.LoadExpected(Path.Combine(SharedData.RepositoryRoot, Data, "Expect", "hardened"));
        Assert.EndsWith("controlplane.yaml", ConfigDrift.Match(expected, "10.5.0.2", null, NodeRole.ControlPlane)!.File.DisplayPath, StringComparison.Ordinal);
        Assert.EndsWith("worker.yaml", ConfigDrift.Match(expected, "10.5.0.3", null, NodeRole.Worker)!.File.DisplayPath, StringComparison.Ordinal);
        Assert.EndsWith("worker.yaml", ConfigDrift.Match(expected, "10.5.0.9", "worker", NodeRole.ControlPlane)!.File.DisplayPath, StringComparison.Ordinal);
        Assert.Null(ConfigDrift.Match(expected, "10.5.0.9", null, NodeRole.Patch));
    }

    [Fact]
    public void An_unmatched_node_is_named_in_a_notice()
    {
        var git = Directory.CreateTempSubdirectory("talguard-expect-");
        File.Copy(Path.Combine(SharedData.RepositoryRoot, Data, "Expect", "hardened", "worker.yaml"), Path.Combine(git.FullName, "worker.yaml"));
        var outcome = Support.Cli.Run("verify", Data + "Bundles/v1.13-weak-admin", "--expect", git.FullName, "--format", "json");
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Contains(json.RootElement.GetProperty("notices").EnumerateArray(), n => n.GetString()!.StartsWith($"--expect: no config in {git.FullName} matches node 10.5.0.2", StringComparison.Ordinal));
        git.Delete(recursive: true);
    }

    /// <summary>The rule's samples (Samples/TG-DRIFT-001/*.json): a bundle, the Git configs, and how many drift findings they give.</summary>
    [Theory]
    [InlineData("fire.json")]
    [InlineData("pass.json")]
    public void The_rules_samples_give_their_findings(string sample)
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests", "Samples", "TG-DRIFT-001", sample)));
        var root = spec.RootElement;
        var outcome = Support.Cli.Run("verify", root.GetProperty("bundle").GetString()!, "--expect", root.GetProperty("expect").GetString()!, "--format", "json");
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal(root.GetProperty("findings").GetInt32(), json.RootElement.GetProperty("findings").EnumerateArray().Count(f => f.GetProperty("ruleId").GetString() == "TG-DRIFT-001"));
    }
}
