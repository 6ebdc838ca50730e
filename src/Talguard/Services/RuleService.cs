using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Services;

/// <summary>One rule in full: its descriptor and, where the rule writes a fix, the patch it writes for a bare config.</summary>
public sealed record RuleDetails(RuleDescriptor Descriptor, string? ExamplePatch);

/// <summary>The rule catalog, one rule at a time (<c>talguard rules TG-XXX-NNN</c>).</summary>
public static class RuleService
{
    /// <summary>
    /// Bare control-plane and worker configs: most settings absent, so a rule that checks for a missing setting
    /// reports it and writes the patch it would write for a real config.
    /// </summary>
    private static readonly (string Name, string Yaml)[] BareConfigs =
    [
        ("controlplane.yaml", "version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  clusterName: example\n"),
        ("worker.yaml", "version: v1alpha1\nmachine:\n  type: worker\ncluster:\n  clusterName: example\n"),
    ];

    /// <summary>The rule with this ID (any case), or null when there is none.</summary>
    public static RuleDetails? Describe(string id)
    {
        if (RuleCatalog.Find(id) is not { } descriptor)
        {
            return null;
        }

        var rule = RuleCatalog.ScanRules.FirstOrDefault(r => r.Descriptor.Id == descriptor.Id);
        return new RuleDetails(descriptor, rule is null ? null : ExamplePatch(rule));
    }

    private static string? ExamplePatch(Rule rule)
    {
        foreach (var (name, yaml) in BareConfigs)
        {
            var model = new ClusterModel([InputLoader.Parse(name, null, yaml)]);
            var result = Scanner.Scan(model, new ScanOptions(), [rule], maxDegreeOfParallelism: 1);
            if (result.Findings.FirstOrDefault(f => f.Patch is not null)?.Patch is { } patch)
            {
                return patch;
            }
        }

        return null;
    }
}
