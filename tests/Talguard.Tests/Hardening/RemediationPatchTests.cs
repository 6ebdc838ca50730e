using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Tests.Hardening;

/// <summary>Applying a finding's patch (alone, as the corrected document) makes that rule quiet at that place.</summary>
public class RemediationPatchTests
{
    private static readonly string[] Sections = ["control-plane", "api-access", "certificates"];

    [Fact]
    public void Every_patch_of_the_example_parses_and_silences_its_rule()
    {
        var files = InputLoader.Load(["examples/control-plane-access"], baseDirectory: Support.SharedData.RepositoryRoot);
        var result = Scanner.Scan(files, new ScanOptions());
        var patched = result.Findings.Where(f => Sections.Contains(f.Rule.Section.Id) && f.Patch is not null && !f.Patch.StartsWith("- op:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(patched);

        foreach (var finding in patched)
        {
            // A strategic-merge patch of the main document becomes a document of its own once it has a version.
            var text = finding.Object is null && !finding.Patch!.StartsWith("apiVersion:", StringComparison.Ordinal)
                ? "version: v1alpha1\n" + finding.Patch
                : finding.Patch!;
            var rule = RuleCatalog.ScanRules.Single(r => r.Descriptor.Id == finding.RuleId);
            var again = Support.Yaml.Check(rule, new ScanOptions { Targets = new(new(1, 11)) }, ("patch.yaml", text));

            Assert.DoesNotContain(again, f => f.Location.Path == finding.Location.Path);
        }
    }
}
