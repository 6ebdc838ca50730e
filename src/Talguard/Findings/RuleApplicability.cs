using Talguard.Model;

namespace Talguard.Findings;

/// <summary>
/// Which inputs a rule judges, from what its descriptor declares (<see cref="RuleDescriptor.Inputs"/> and
/// <see cref="RuleDescriptor.Versions"/>): the one place the scanner, the reports' "rules that ran" and the
/// "not judged" notice take it from.
/// </summary>
public static class RuleApplicability
{
    /// <summary>Whether the rule judges this Talos file: a complete config by its role, a patch when the rule reads patches, in the rule's releases.</summary>
    public static bool Judges(RuleDescriptor rule, TalosConfigFile file) =>
        rule.Inputs.HasFlag(InputOf(file)) && rule.Versions.Contains(file.TalosVersion);

    /// <summary>Whether the rule applies to anything in the file (the file's "rules that ran" in reports).</summary>
    public static bool AppliesTo(RuleDescriptor rule, SourceFile file, TalosConfigFile? talos) =>
        (talos is not null && Judges(rule, talos)) || (DocumentInputsOf(file) & rule.Inputs) != RuleInputs.None;

    /// <summary>The Kubernetes manifests and credentials (talosconfig, kubeconfig, secrets bundle) a file holds, as rule inputs.</summary>
    private static RuleInputs DocumentInputsOf(SourceFile file)
    {
        var inputs = RuleInputs.None;
        foreach (var document in file.Documents)
        {
            inputs |= document.Class is DocumentClass.TalosClientConfig or DocumentClass.TalosSecretsBundle || (document.IsKubernetes && document.Kind == "Config")
                ? RuleInputs.Credentials
                : document.IsKubernetes ? RuleInputs.KubernetesManifest : RuleInputs.None;
        }

        return inputs;
    }

    /// <summary>
    /// The one notice a scan of lone patches carries: the rules that judge what a node config lacks did not run
    /// on them, as a patch alone cannot say what the node it is applied to will lack. Null when no patch was scanned
    /// alone or no such rule ran.
    /// </summary>
    public static string? NotJudgedOnPatches(ClusterModel model, IEnumerable<RuleDescriptor> rules)
    {
        // A talhelper patch is also judged as part of each node it patches.
        var patches = model.TalosFiles.Where(f => f.Role == NodeRole.Patch && !f.File.IsTalhelperPatch).Select(f => f.File.DisplayPath).ToList();
        if (patches.Count == 0)
        {
            return null;
        }

        var skipped = rules.Where(r => (r.Inputs & RuleInputs.NodeConfig) != 0 && !r.Inputs.HasFlag(RuleInputs.TalosPatch))
            .Select(r => r.Id).Distinct().Order(StringComparer.Ordinal).ToList();
        if (skipped.Count == 0)
        {
            return null;
        }

        var files = patches.Count == 1 ? patches[0] : $"{patches.Count} patch files ({patches[0]}, ...)";
        return $"{files}: a lone patch cannot show what the node will lack, so {skipped.Count} rules that judge missing settings did not run on it "
            + $"({string.Join(", ", skipped)}); scan it with its base config (talguard scan --merge BASE PATCH...) to judge them";
    }

    private static RuleInputs InputOf(TalosConfigFile file) => file.Role switch
    {
        NodeRole.ControlPlane => RuleInputs.ControlPlaneConfig,
        NodeRole.Worker => RuleInputs.WorkerConfig,
        _ => RuleInputs.TalosPatch,
    };
}
