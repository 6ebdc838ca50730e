using Talguard.Compliance;

namespace Talguard.Tests.Compliance;

/// <summary><c>--evidence</c>: a live bundle's findings join the configs' and can fail what the configs alone pass.</summary>
public class ComplianceEvidenceTests
{
    private const string Hardened = "examples/hardened-cluster";

    [Fact]
    public void A_live_node_without_a_firewall_fails_what_the_configs_pass()
    {
        var configsOnly = Control(ComplianceServiceTests.Run("pci-dss-4.0", [Hardened]), "1.4.1");
        Assert.Equal(ControlStatus.Pass, configsOnly.Status);

        var withEvidence = Control(ComplianceServiceTests.Run("pci-dss-4.0", [Hardened], evidence: Evidence.TestBundles.Path("v1.11-broken")), "1.4.1");
        Assert.Equal(ControlStatus.Fail, withEvidence.Status);
        var live = Assert.Single(withEvidence.Findings, f => f.Rule.Id == "TG-LIVE-008");
        Assert.EndsWith("talos/nftableschain.json", live.Location.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_rules_that_found_nothing_are_evidence_of_a_pass()
    {
        var control = Control(ComplianceServiceTests.Run("pci-dss-4.0", [Hardened], evidence: Evidence.TestBundles.Path("v1.11-healthy")), "3.5.1.3");
        Assert.Equal(ControlStatus.Pass, control.Status);
        Assert.Contains(control.Evidence, e => e.Text.StartsWith("TG-LIVE-004 ", StringComparison.Ordinal) && e.Text.Contains("found nothing", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_bundle_the_evidence_rules_are_named_as_not_run()
    {
        var control = Control(ComplianceServiceTests.Run("pci-dss-4.0", [Hardened]), "3.5.1.3");
        Assert.Contains(control.Evidence, e => e.Text == "TG-LIVE-004 did not run: no evidence bundles (--evidence) given");
    }

    private static ControlResult Control(ComplianceReport report, string id) => report.Controls.Single(c => c.Id == id);
}
