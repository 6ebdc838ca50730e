using Talguard.Findings;
using Talguard.Hardening.PodSecurity.Rules;
using Talguard.Model.Profile;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;
using static Talguard.Hardening.ClusterPatchForms;

namespace Talguard.Hardening.PodSecurity;

/// <summary>
/// The PodSecurity admission plugin's cluster-wide defaults (control plane only): <c>cluster.apiServer.admissionControl</c>
/// up to v1.13, a <c>KubeAdmissionControlConfig</c> document named PodSecurity from v1.14. Talos merges the entry into
/// the one <c>talosctl gen config</c> writes by name, and its configuration key by key: scalars are replaced, lists are
/// appended. So the patch sets the levels and versions (replaced, idempotent) and lists only exempt namespaces beyond
/// the <c>kube-system</c> Talos already exempts, since the API server refuses a configuration that names a namespace twice.
/// </summary>
internal sealed class PodSecurityAdmissionGenerator : IHardeningGenerator
{
    /// <summary>The namespace <c>talosctl gen config</c> exempts in every release.</summary>
    private const string GeneratedExemption = "kube-system";

    public Section Section => Section.PodSecurity;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        var level = profile.PodSecurity.Level;
        var extraExemptions = profile.PodSecurity.ExemptNamespaces.Where(n => n != GeneratedExemption).Distinct(StringComparer.Ordinal).ToList();
        var configuration = Configuration(level, extraExemptions);
        var talos = profile.TalosVersion;
        if (UsesKubeDocuments(talos))
        {
            plan.AddPatch(Section, PatchTargets.ControlPlane,
                Document(AdmissionControlSettings.DocumentKind, ("name", ConfigScalar.String(AdmissionControlSettings.PodSecurityPlugin)), ("configuration", configuration)));
        }
        else
        {
            var entry = ConfigMapping.Of(("name", ConfigScalar.String(AdmissionControlSettings.PodSecurityPlugin)), ("configuration", configuration));
            plan.AddPatch(Section, PatchTargets.ControlPlane, Fragment(["cluster", "apiServer", "admissionControl"], new ConfigSequence([entry])));
        }

        if (level == PodSecurityLevel.Privileged)
        {
            plan.Accept(DefaultEnforcePrivilegedRule.Definition.Id, "the profile's pod security level is privileged: unlabelled namespaces admit any pod");
        }

        if (extraExemptions.Count > 0)
        {
            plan.Accept(BroadExemptionsRule.Definition.Id, $"the profile exempts {string.Join(", ", extraExemptions)} from Pod Security");
            plan.AddNote(Section,
                $"The exempt namespaces {string.Join(", ", extraExemptions.Select(n => $"`{n}`"))} are appended to the PodSecurity "
                + "exemptions Talos already has: apply the patch once. Applied twice, each appears twice and the API server refuses the "
                + "configuration (duplicate namespace); for an existing config, check `exemptions.namespaces` before patching.",
                existingClusterOnly: true);
        }

        if (!profile.PodSecurity.ExemptNamespaces.Contains(GeneratedExemption, StringComparer.Ordinal))
        {
            plan.AddNote(Section,
                "`talosctl gen config` exempts `kube-system` from Pod Security, and a strategic-merge patch can only add to that list: "
                + "to enforce in kube-system too, remove it from `exemptions.namespaces` in the generated config by hand.");
        }
    }

    /// <summary>
    /// A <c>PodSecurityConfiguration</c> at <c>v1</c> (GA since Kubernetes 1.25; <c>gen config</c> still writes v1alpha1).
    /// Audit and warn stay at restricted whatever is enforced, so a namespace's violations of the strictest level show.
    /// </summary>
    private static ConfigMapping Configuration(PodSecurityLevel enforce, IReadOnlyList<string> extraExemptions)
    {
        var defaults = Map(
            "Unlabelled namespaces enforce the profile's level; audit and warn report what restricted would refuse.",
            ("enforce", ConfigScalar.String(enforce.ToName())),
            ("enforce-version", ConfigScalar.String("latest")),
            ("audit", ConfigScalar.String(PodSecurityLevel.Restricted.ToName())),
            ("audit-version", ConfigScalar.String("latest")),
            ("warn", ConfigScalar.String(PodSecurityLevel.Restricted.ToName())),
            ("warn-version", ConfigScalar.String("latest")));
        var configuration = Map(
            "The guide also sets the API server flag feature-gates: PodSecurity=true: the gate was removed in Kubernetes 1.28 and the "
            + "API server refuses to start with it. Pod Security admission is always on; this entry only configures it.",
            ("apiVersion", ConfigScalar.String("pod-security.admission.config.k8s.io/v1")),
            ("kind", ConfigScalar.String("PodSecurityConfiguration")),
            ("defaults", defaults));
        if (extraExemptions.Count > 0)
        {
            configuration["exemptions"] = ConfigMapping.Of(("namespaces", new ConfigSequence(extraExemptions.Select(ConfigScalar.String))
            {
                Comment = "Added to the kube-system exemption Talos writes (lists are appended on merge, and a namespace named twice is refused).",
            }));
        }

        return configuration;
    }
}
