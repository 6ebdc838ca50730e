using System.Text.Json;

namespace Talguard.Tests.Hardening;

/// <summary>The node-config rules end to end: `talguard scan --format json` over checked-in configs.</summary>
public class NodeRulesCliTests
{
    private const string Data = "tests/Talguard.Tests/Hardening/testdata/nodes/";

    private static readonly string[] OwnRulePrefixes = ["TG-BOOT-", "TG-DISK-", "TG-TPM-", "TG-SEC-00", "TG-NET-"];

    private static List<(string Rule, string Severity, int Document, string Path)> Scan(params string[] args)
    {
        var outcome = Support.Cli.Run(["scan", "--format", "json", .. args]);
        Assert.True(outcome.ExitCode is 0 or 1, outcome.Stderr);
        using var json = JsonDocument.Parse(outcome.Stdout);
        return [.. json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (Rule: f.GetProperty("ruleId").GetString()!, Severity: f.GetProperty("severity").GetString()!,
                Document: f.GetProperty("location").GetProperty("document").GetInt32(), Path: f.GetProperty("location").GetProperty("path").GetString()!))
            .Where(f => OwnRulePrefixes.Any(p => f.Rule.StartsWith(p, StringComparison.Ordinal)))];
    }

    [Fact]
    public void The_guides_settings_fire_each_node_rule_at_its_place()
    {
        var findings = Scan(Data + "guide-controlplane.yaml", "--management-cidr", "192.168.1.0/24");
        (string, string, int, string)[] expected =
        [
            ("TG-BOOT-001", "high", 0, "machine.install.image"),
            ("TG-BOOT-003", "low", 0, "machine.systemDiskEncryption.state.keys[0].tpm"),
            ("TG-DISK-002", "high", 0, ""),
            ("TG-DISK-008", "critical", 0, "machine.systemDiskEncryption.state.keys[1].static.passphrase"),
            ("TG-NET-002", "high", 2, "ingress[0]"),
            ("TG-NET-003", "high", 2, "ingress[0]"),
            ("TG-NET-004", "medium", 2, "ingress[0]"),
            ("TG-NET-005", "medium", 0, "machine.kubelet.nodeIP.validSubnets"),
            ("TG-NET-006", "low", 0, "machine.logging.destinations[0].endpoint"),
            ("TG-NET-007", "medium", 0, "cluster.proxy.extraArgs.nodeport-addresses"),
            ("TG-SEC-001", "high", 0, "cluster.secretboxEncryptionSecret"),
            ("TG-TPM-002", "medium", 0, "machine.systemDiskEncryption.state.keys[0].tpm"),
        ];
        Assert.Equal(expected, findings.Order());
    }

    [Fact]
    public void The_literal_passphrase_never_reaches_the_output()
    {
        var outcome = Support.Cli.Run("scan", "--format", "json", Data + "guide-controlplane.yaml");
        Assert.DoesNotContain("guide-recovery-passphrase", outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hardened_control_plane_is_clean()
    {
        Assert.Empty(Scan(Data + "hardened-controlplane.yaml", "--management-cidr", "192.168.1.0/24"));
    }

    [Fact]
    public void Secureboot_image_prefix_accepts_a_custom_installer()
    {
        var findings = Scan(Data + "guide-controlplane.yaml", "--secureboot-image", "ghcr.io/siderolabs/installer:", "--secureboot-image", "registry.example.com/");
        Assert.DoesNotContain(findings, f => f.Rule is "TG-BOOT-001" or "TG-TPM-002");
        Assert.DoesNotContain(findings, f => f.Rule == "TG-NET-004");
    }

    [Fact]
    public void A_single_management_address_counts_as_a_host_network()
    {
        Assert.Contains(Scan(Data + "guide-controlplane.yaml", "--management-cidr", "192.168.1.5"), f => f.Rule == "TG-NET-004");
    }

    [Fact]
    public void A_bad_management_cidr_is_a_usage_error()
    {
        var outcome = Support.Cli.Run("scan", "--management-cidr", "192.168.1.0/33", Data + "hardened-controlplane.yaml");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--management-cidr", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, outcome.Stdout);
    }
}
