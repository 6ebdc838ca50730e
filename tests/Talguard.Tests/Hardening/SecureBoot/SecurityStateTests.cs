using Talguard.Hardening.SecureBoot;
using Talguard.Model;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.SecureBoot.SecureBootFixtures;

namespace Talguard.Tests.Hardening.SecureBoot;

public class SecurityStateTests
{
    private const string Header = """
        node: 192.0.2.10
        metadata:
            namespace: runtime
            type: SecurityStates.talos.dev
            id: securitystate
            version: 1
            owner: runtime.SecurityStateController
            phase: running
        spec:

        """;

    [Fact]
    public void A_hardened_node_has_no_findings()
    {
        using var db = VectorCertificate("db");
        var yaml = Header + $"""
                secureBoot: true
                ukiSigningKeyFingerprint: {CertificateFacts.Fingerprint(db.RawData)}
                pcrSigningKeyFingerprint: AA:BB
                selinuxState: enforcing
                fipsState: disabled
                bootedWithUKI: true
                moduleSignatureEnforced: true
            """;

        Assert.Empty(SecurityStateVerifier.Verify(Yaml.File("state.yaml", yaml), db));
    }

    [Fact]
    public void Each_gap_is_a_finding_at_its_field()
    {
        using var db = VectorCertificate("db");
        var yaml = Header + """
                secureBoot: false
                ukiSigningKeyFingerprint: 00:11:22
                selinuxState: disabled
            """;

        var findings = SecurityStateVerifier.Verify(Yaml.File("state.yaml", yaml), db);

        Assert.Equal(["TG-BOOT-110", "TG-BOOT-111", "TG-BOOT-112", "TG-BOOT-113"], findings.Select(f => f.RuleId).Order(StringComparer.Ordinal));
        var secureBoot = findings.Single(f => f.RuleId == "TG-BOOT-110");
        Assert.Equal(("spec.secureBoot", 10), (secureBoot.Location.Path, secureBoot.Location.Line));
        Assert.Equal("spec.bootedWithUKI", findings.Single(f => f.RuleId == "TG-BOOT-111").Location.Path);
        Assert.Contains("node 192.0.2.10", secureBoot.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_fingerprint_is_info_because_recent_talos_leaves_it_unset()
    {
        using var db = VectorCertificate("db");
        var yaml = Header + """
                secureBoot: true
                bootedWithUKI: true
                moduleSignatureEnforced: true
            """;

        var finding = Assert.Single(SecurityStateVerifier.Verify(Yaml.File("state.yaml", yaml), db));

        Assert.Equal(("TG-BOOT-112", Talguard.Findings.Severity.Info), (finding.RuleId, finding.Severity));
    }

    [Fact]
    public void The_cli_verifies_a_file_and_rejects_a_non_resource()
    {
        var directory = TempDirectory();
        var good = Path.Combine(directory, "good.yaml");
        var bad = Path.Combine(directory, "bad.yaml");
        File.WriteAllText(good, Header + "    secureBoot: true\n    bootedWithUKI: true\n    moduleSignatureEnforced: true\n");
        File.WriteAllText(bad, "just: text\n");

        Assert.Equal(0, Support.Cli.Run("secureboot", "verify", "--securitystate", good).ExitCode);
        var rejected = Support.Cli.Run("secureboot", "verify", "--securitystate", bad);
        Assert.Equal(2, rejected.ExitCode);
        Assert.Throws<InputException>(() => SecurityStateVerifier.Verify(bad, null));
    }
}
