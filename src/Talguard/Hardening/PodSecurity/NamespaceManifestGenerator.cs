using System.Globalization;
using Talguard.Findings;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using static Talguard.Hardening.KubernetesObjects;

namespace Talguard.Hardening.PodSecurity;

/// <summary>
/// <c>manifests/namespaces.yaml</c>: Pod Security labels on the namespaces the profile knows. The namespaces every cluster has
/// (<c>default</c>, <c>kube-node-lease</c>, <c>kube-public</c>) enforce the profile's level pinned to its Kubernetes minor, and
/// audit and warn <c>restricted:latest</c>; the exempt namespaces say <c>privileged</c>, which is what holds there.
/// </summary>
internal sealed class NamespaceManifestGenerator : IHardeningGenerator
{
    public const string FileName = "namespaces.yaml";

    /// <summary>Namespaces Kubernetes creates in every cluster; TG-PSS-005 allows privileged only in the kube-* ones.</summary>
    private static readonly string[] BuiltInNamespaces = ["default", "kube-node-lease", "kube-public", "kube-system"];

    private static readonly HashSet<string> SystemNamespaces = new(StringComparer.Ordinal) { "kube-node-lease", "kube-public", "kube-system" };

    public Section Section => Section.PodSecurity;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        var exempt = new HashSet<string>(profile.PodSecurity.ExemptNamespaces, StringComparer.Ordinal);
        var level = profile.PodSecurity.Level.ToName();
        var pinned = PinnedVersion(profile.KubernetesVersion);
        foreach (var name in BuiltInNamespaces.Where(n => n != "kube-system" || exempt.Contains(n)).Concat(exempt).Distinct().Order(StringComparer.Ordinal))
        {
            var document = exempt.Contains(name) ? Exempt(name) : Enforced(name, level, pinned);
            plan.AddManifest(Section, FileName, document);
            var privileged = exempt.Contains(name) || profile.PodSecurity.Level == PodSecurityLevel.Privileged;
            if (privileged && !SystemNamespaces.Contains(name))
            {
                plan.Accept(Rules.PrivilegedNamespaceRule.Definition.Id, exempt.Contains(name)
                    ? $"namespace {name} is exempt from Pod Security admission in the profile, so its label says privileged: that is what holds there"
                    : $"the profile's Pod Security level is privileged, so namespace {name} enforces it");
            }
        }
    }

    /// <summary>
    /// Enforce pinned to the cluster's minor so a Kubernetes upgrade cannot tighten what is admitted before someone reviews it;
    /// audit and warn at restricted:latest show what the next level or release would refuse (upstream's advice for the labels).
    /// </summary>
    private static ConfigMapping Enforced(string name, string level, string pinned)
    {
        return Object("v1", "Namespace", name, labels: Labels(
            (NamespacePolicy.LabelPrefix + "enforce", level),
            (NamespacePolicy.LabelPrefix + "enforce-version", pinned),
            (NamespacePolicy.LabelPrefix + "audit", "restricted"),
            (NamespacePolicy.LabelPrefix + "audit-version", "latest"),
            (NamespacePolicy.LabelPrefix + "warn", "restricted"),
            (NamespacePolicy.LabelPrefix + "warn-version", "latest")));
    }

    private static ConfigMapping Exempt(string name)
    {
        var labels = Labels(
            (NamespacePolicy.LabelPrefix + "enforce", "privileged"),
            (NamespacePolicy.LabelPrefix + "enforce-version", "latest"));
        return Commented(
            $"{name} is exempt in the PodSecurity admission configuration, so the API server checks no level here (no audit\n"
            + "or warn either); the label says so. Keep only system components in exempt namespaces.",
            Object("v1", "Namespace", name, labels: labels));
    }

    /// <summary><c>v1.34</c> from <c>1.34.1</c> (or <c>v1.34.1</c>); <c>latest</c> when the version cannot be read.</summary>
    internal static string PinnedVersion(string kubernetesVersion)
    {
        var parts = kubernetesVersion.TrimStart('v').Split('.');
        return parts.Length >= 2 && parts[0] == "1" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? PolicyVersion.Of(minor).ToString()
            : PolicyVersion.Latest.ToString();
    }
}
