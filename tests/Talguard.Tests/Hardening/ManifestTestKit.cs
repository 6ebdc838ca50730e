using Talguard.Findings;
using Talguard.Hardening;
using Talguard.Hardening.PodSecurity;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening;

/// <summary>Profile variants that change what the manifest generators write, and the files they write, as the harden service lays them out.</summary>
internal static class ManifestTestKit
{
    /// <summary>Each CNI, each Pod Security level, each compliance target, and exempt lists from none to several.</summary>
    public static TheoryData<string> VariantNames { get; } = [.. Variants.Keys];

    private static IReadOnlyDictionary<string, HardeningProfile> Variants => new Dictionary<string, HardeningProfile>(StringComparer.Ordinal)
    {
        ["default"] = HardeningProfile.Default,
        ["flannel-baseline-none"] = HardeningProfile.Default with
        {
            Cni = CniChoice.Flannel,
            Compliance = ComplianceTarget.None,
            PodSecurity = new PodSecurityProfile(PodSecurityLevel.Baseline, ["kube-system"]),
        },
        ["calico-pci-exempt-operator"] = HardeningProfile.Default with
        {
            Cni = CniChoice.Calico,
            Compliance = ComplianceTarget.PciDss,
            PodSecurity = new PodSecurityProfile(PodSecurityLevel.Restricted, ["kube-system", "tigera-operator", "calico-system"]),
        },
        ["no-cni-soc2-nothing-exempt"] = HardeningProfile.Default with
        {
            Cni = CniChoice.None,
            Compliance = ComplianceTarget.Soc2,
            PodSecurity = new PodSecurityProfile(PodSecurityLevel.Baseline, []),
        },
        ["cilium-privileged"] = HardeningProfile.Default with
        {
            Compliance = ComplianceTarget.None,
            PodSecurity = new PodSecurityProfile(PodSecurityLevel.Privileged, ["kube-system"]),
        },
        ["cilium-three-nodes-monitoring-exempt"] = HardeningProfile.Default with
        {
            TalosRelease = "v1.14.0",
            KubernetesVersion = "v1.35.0",
            ControlPlaneNodes = ["10.0.1.10", "10.0.1.11", "fd00::12"],
            Network = new NetworkProfile("10.0.1.0/24", "10.244.0.0/16", "10.96.0.0/12", ["192.168.1.0/24"], ["172.16.1.0/24"]),
            PodSecurity = new PodSecurityProfile(PodSecurityLevel.Restricted, ["kube-system", "monitoring", "falco"]),
        },
    };

    public static HardeningProfile Profile(string name) => Variants[name];

    /// <summary>The generators that write manifests/ (HardeningGenerators.All also holds the patch generators, whose accepted findings are theirs).</summary>
    private static IHardeningGenerator[] ManifestGenerators =>
    [
        new Talguard.Hardening.PodSecurity.NamespaceManifestGenerator(),
        new Talguard.Hardening.PodSecurity.KyvernoPolicyGenerator(),
        new Talguard.Hardening.Network.NetworkPolicyManifestGenerator(),
        new Talguard.Hardening.ApiAccess.ReadOnlyRoleGenerator(),
        new Talguard.Hardening.AuditLogging.FalcoRulesGenerator(),
        new Talguard.Hardening.ControlPlane.PrometheusScrapeGenerator(),
    ];

    /// <summary>The plan of the manifest generators alone.</summary>
    public static HardeningPlan Plan(HardeningProfile profile, params IHardeningGenerator[] generators)
    {
        var plan = new HardeningPlan();
        foreach (var generator in generators.Length > 0 ? generators : ManifestGenerators)
        {
            generator.Generate(profile, plan);
        }

        return plan;
    }

    /// <summary>Each manifest file's text: its documents in order, written as the harden service writes them.</summary>
    public static IReadOnlyDictionary<string, string> Files(HardeningPlan plan) =>
        plan.Manifests.GroupBy(m => m.FileName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ConfigYamlWriter.Write([.. g.Select(m => m.Document)]), StringComparer.Ordinal);

    /// <summary>Writes the manifests into a new directory <c>manifests/</c> under <paramref name="root"/> and returns its path.</summary>
    public static string WriteManifests(HardeningPlan plan, string root)
    {
        var directory = Path.Combine(root, "manifests");
        Directory.CreateDirectory(directory);
        foreach (var (name, text) in Files(plan))
        {
            File.WriteAllText(Path.Combine(directory, name), text);
        }

        return directory;
    }

    /// <summary>The documents of one manifest file, read back through the project's YAML loader.</summary>
    public static List<ConfigMapping> Documents(HardeningPlan plan, string fileName) =>
        TalosPatchApplier.Documents(Yaml.File(fileName, Files(plan)[fileName]));

    /// <summary>Findings at or above low whose rule the plan does not accept.</summary>
    public static List<Finding> Unaccepted(HardeningPlan plan, IEnumerable<Finding> findings) =>
        [.. findings.Where(f => f.Severity >= Severity.Low && !plan.Accepted.Any(a => a.RuleId == f.RuleId))];

    public static string Describe(IEnumerable<Finding> findings) =>
        string.Join("\n", findings.Select(f => $"{f.RuleId} {f.Location.File}:{f.Location.Line} {f.Message}"));

    /// <summary>The string at <paramref name="path"/> under <paramref name="node"/>, or null.</summary>
    public static string? TextAt(ConfigNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node switch
            {
                ConfigMapping mapping => mapping[key],
                ConfigSequence sequence when int.TryParse(key, out var index) && index < sequence.Items.Count => sequence.Items[index],
                _ => null,
            };
        }

        return (node as ConfigScalar)?.Text;
    }
}
