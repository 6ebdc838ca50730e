using Talguard.Hardening.AuditLogging;
using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Model.Profile;
using static Talguard.Tests.Hardening.ManifestTestKit;

namespace Talguard.Tests.Hardening.AuditLogging;

public class FalcoRulesGeneratorTests
{
    [Fact]
    public void The_config_map_holds_the_built_in_rules_and_they_load()
    {
        var plan = Plan(HardeningProfile.Default, new FalcoRulesGenerator());
        var configMap = Assert.Single(Documents(plan, FalcoRulesGenerator.FileName));
        Assert.Equal("ConfigMap", TextAt(configMap, "kind"));
        Assert.Equal("falco", TextAt(configMap, "metadata", "namespace"));
        var text = TextAt(configMap, "data", FalcoRulesGenerator.RulesKey)!;
        Assert.Equal(DetectionRuleSet.BuiltInRulesFile.Text, text);

        var loaded = DetectionRuleSet.Load([new DetectionRulesFile("manifests/falco-rules.yaml", text)]);
        Assert.Equal(DetectionRuleSet.BuiltIn.Rules.Select(r => r.Name), loaded.Rules.Select(r => r.Name));
        Assert.Contains("Secret Read Outside Allowed Namespaces", loaded.Rules.Select(r => r.Name));
        Assert.Contains("Privileged Pod Created", loaded.Rules.Select(r => r.Name));
        Assert.Contains("Exec or Attach into Pod", loaded.Rules.Select(r => r.Name));
        Assert.Contains("RBAC Object Changed", loaded.Rules.Select(r => r.Name));
        Assert.Contains("Anonymous Request Allowed", loaded.Rules.Select(r => r.Name));
    }

    [Fact]
    public void The_rules_are_written_as_a_readable_block_and_the_talos_api_rule_is_explained()
    {
        var text = Files(Plan(HardeningProfile.Default, new FalcoRulesGenerator()))[FalcoRulesGenerator.FileName];
        Assert.Contains($"  {FalcoRulesGenerator.RulesKey}: |\n    # Talguard's built-in detections", text, StringComparison.Ordinal);
        Assert.Contains("\n    - rule: Privileged Pod Created\n", text, StringComparison.Ordinal);
        Assert.Contains("# connections (fd.sport=50000), which Kubernetes audit events do not contain", text, StringComparison.Ordinal);
    }
}
