using Talguard.Findings;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using static Talguard.Hardening.KubernetesObjects;

namespace Talguard.Hardening.PodSecurity;

/// <summary>
/// <c>manifests/kyverno-policies.yaml</c>: Kyverno ClusterPolicies for what Pod Security admission does not check (image tags,
/// resource limits, the default namespace, NodePort and external IPs). The guide's two policies (non-root, no privileged)
/// repeat what the restricted level already enforces, checked only <c>containers</c> and used the lowercase <c>enforce</c>.
/// Enforced when the profile aims at a compliance framework, audited otherwise; the exempt namespaces are left out.
/// </summary>
internal sealed class KyvernoPolicyGenerator : IHardeningGenerator
{
    public const string FileName = "kyverno-policies.yaml";

    private static readonly string[] ContainerLists = ["containers", "initContainers", "ephemeralContainers"];

    public Section Section => Section.PodSecurity;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        var action = profile.Compliance == ComplianceTarget.None ? "Audit" : "Enforce";
        var exempt = profile.PodSecurity.ExemptNamespaces.Distinct().Order(StringComparer.Ordinal).ToList();
        var policies = new[]
        {
            Policy("disallow-latest-tag", "Images must name a tag other than latest, so what runs is what was reviewed and a rollback is possible.",
                Rule("require-image-tag", "Pod", exempt, action, "Every container image needs a tag or digest.", ContainerPattern("*:*")),
                Rule("disallow-latest", "Pod", exempt, action, "The latest tag is not allowed.", ContainerPattern("!*:latest"))),
            Policy("require-requests-limits", "Every container declares CPU and memory requests and a memory limit, so one pod cannot starve a node.",
                Rule("check-resources", "Pod", exempt, action, "CPU and memory requests and a memory limit are required.", ResourcesPattern())),
            Policy("disallow-default-namespace", "Workloads belong in their own namespace, where their policies and RBAC apply (CIS 5.7.4).",
                Rule("no-pods-in-default", "Pod", exempt, action, "Pods may not run in the default namespace.",
                    ConfigMapping.Of(("metadata", ConfigMapping.Of(("namespace", Text("!default"))))))),
            Policy("restrict-nodeport", "NodePort services open a port on every node, past the Talos ingress firewall's intent; use a LoadBalancer or Ingress.",
                Rule("no-nodeport", "Service", exempt, action, "Services of type NodePort are not allowed.",
                    ConfigMapping.Of(("spec", ConfigMapping.Of(("=(type)", Text("!NodePort"))))))),
            Policy("restrict-external-ips", "A Service's externalIPs can capture traffic for any address (CVE-2020-8554).",
                Rule("no-external-ips", "Service", exempt, action, "Services may not set externalIPs.",
                    ConfigMapping.Of(("spec", ConfigMapping.Of(("X(externalIPs)", Text("null"))))))),
        };
        foreach (var policy in policies)
        {
            plan.AddManifest(Section, FileName, policy);
        }

        plan.AddNote(Section,
            $"`manifests/kyverno-policies.yaml` needs Kyverno 1.13 or later (each rule's `validate.failureAction`; the policies are in "
            + $"`{action}` mode for this profile). Install Kyverno first; its own namespace must be exempt or allowed to run its pods.");
    }

    private static ConfigMapping Policy(string name, string description, params IEnumerable<ConfigMapping> rules)
    {
        var policy = Object("kyverno.io/v1", "ClusterPolicy", name);
        ((ConfigMapping)policy["metadata"]!)["annotations"] = Labels(("policies.kyverno.io/description", description));
        policy["spec"] = ConfigMapping.Of(
            ("background", ConfigScalar.Of(true)),
            ("rules", List(rules)));
        return policy;
    }

    private static ConfigMapping Rule(string name, string kind, IReadOnlyList<string> exempt, string action, string message, ConfigMapping pattern)
    {
        var rule = ConfigMapping.Of(
            ("name", Text(name)),
            ("match", ConfigMapping.Of(("any", List(ConfigMapping.Of(("resources", ConfigMapping.Of(("kinds", Texts(kind))))))))));
        if (exempt.Count > 0)
        {
            rule["exclude"] = ConfigMapping.Of(("any", List(ConfigMapping.Of(("resources", ConfigMapping.Of(("namespaces", Texts(exempt))))))));
        }

        rule["validate"] = ConfigMapping.Of(
            ("failureAction", Text(action)),
            ("message", Text(message)),
            ("pattern", pattern));
        return rule;
    }

    /// <summary><c>spec.containers</c> and, where present (<c>=(...)</c> anchors), init and ephemeral containers, with one image pattern.</summary>
    private static ConfigMapping ContainerPattern(string image)
    {
        var spec = new ConfigMapping();
        foreach (var list in ContainerLists)
        {
            spec[list == "containers" ? list : $"=({list})"] = List(ConfigMapping.Of(("image", Text(image))));
        }

        return ConfigMapping.Of(("spec", spec));
    }

    /// <summary>Requests for CPU and memory and a memory limit on every container; <c>?*</c> means any non-empty value.</summary>
    private static ConfigMapping ResourcesPattern()
    {
        var resources = ConfigMapping.Of(
            ("requests", ConfigMapping.Of(("memory", Text("?*")), ("cpu", Text("?*")))),
            ("limits", ConfigMapping.Of(("memory", Text("?*")))));
        var spec = ConfigMapping.Of(
            ("containers", List(ConfigMapping.Of(("resources", resources)))),
            ("=(initContainers)", List(ConfigMapping.Of(("resources", resources.Clone())))));
        return ConfigMapping.Of(("spec", spec));
    }
}
