using System.Globalization;
using Talguard.Model;

namespace Talguard.Findings;

/// <summary>
/// Which rules apply to which inputs, as spec/rules.md "Inputs and scope" says: Kubernetes manifests get
/// the manifest rules only, Talos patches the document-local ones, node configs every other rule (AUD only
/// on control planes), talosconfigs, secrets bundles and kubeconfigs the CERT rules.
/// </summary>
public static class RuleScope
{
    public static bool AppliesTo(RuleDescriptor rule, SourceFile file)
    {
        var talos = file.Documents.Any(d => d.IsTalos);
        var node = file.MachineConfig is not null;
        var controlPlane = node && file.MachineConfig!.At("machine", "type")?.AsString() is "controlplane" or "init";
        return (file.Documents.Any(d => d.IsKubernetes) && IsManifestRule(rule))
            || (node && !IsManifestOnly(rule) && (controlPlane || rule.Section != Section.AuditLogging))
            || (talos && !node && IsPatchRule(rule))
            || (rule.Section == Section.Certificates && file.Documents.Any(HoldsCredentials));
    }

    /// <summary>talosconfigs, secrets bundles and kubeconfigs (a Kubernetes <c>Config</c>) carry certificates and keys.</summary>
    private static bool HoldsCredentials(LocatedDocument document) =>
        document.Class is DocumentClass.TalosClientConfig or DocumentClass.TalosSecretsBundle || (document.IsKubernetes && document.Kind == "Config");

    private static bool IsManifestRule(RuleDescriptor rule) =>
        rule.Section == Section.AuditLogging || IsManifestOnly(rule);

    private static bool IsManifestOnly(RuleDescriptor rule) =>
        (rule.Section == Section.SecretsAtRest && Number(rule) is 3 or 4)
        || (rule.Section == Section.PodSecurity && Number(rule) is >= 4 and <= 7)
        || (rule.Section == Section.ApiAccess && Number(rule) is >= 4 and <= 9);

    private static bool IsPatchRule(RuleDescriptor rule) =>
        rule.Section == Section.Config || rule.Section == Section.Tpm
        || (rule.Section == Section.DiskEncryption && Number(rule) is >= 3 and <= 8)
        || (rule.Section == Section.Network && Number(rule) is >= 2 and <= 4);

    private static int Number(RuleDescriptor rule) =>
        int.TryParse(rule.Id.AsSpan(rule.Id.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1;
}
