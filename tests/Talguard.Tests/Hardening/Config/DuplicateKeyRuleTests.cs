using Talguard.Hardening.Config;

namespace Talguard.Tests.Hardening.Config;

public sealed class DuplicateKeyRuleTests
{
    private readonly DuplicateKeyRule _rule = new();

    [Fact]
    public void Repeated_top_level_block_fires_at_the_second_one()
    {
        var finding = Assert.Single(ConfigRuleTestSupport.Run(_rule,
            "version: v1alpha1\nmachine:\n  features:\n    rbac: true\ncluster:\n  clusterName: c\nmachine:\n  install:\n    image: ghcr.io/siderolabs/installer:v1.13.4\n"));
        Assert.Equal("machine", finding.Location.Path);
        Assert.Equal(7, finding.Location.Line);
        Assert.Contains("line 2", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_keys_inside_free_form_content_and_lists_fire_too()
    {
        var findings = ConfigRuleTestSupport.Run(_rule,
            "version: v1alpha1\ncluster:\n  apiServer:\n    auditPolicy:\n      rules:\n        - level: Metadata\n          level: None\n");
        Assert.Equal(["cluster.apiServer.auditPolicy.rules[0].level"], findings.Paths());
    }

    [Fact]
    public void Distinct_keys_do_not_fire()
    {
        Assert.Empty(ConfigRuleTestSupport.Run(_rule, "version: v1alpha1\nmachine:\n  type: worker\ncluster:\n  clusterName: c\n"));
    }
}
