using NJsonSchema;
using Talguard.Findings;
using Talguard.Hardening;
using Talguard.Model;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using Talguard.Tests.Model.Talos.Patching;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening;

/// <summary>
/// Runs one cluster-section generator for a profile, applies its patch documents (one after the other, as the harden
/// service does) onto the <c>talosctl gen config</c> output of the profile's release (Corpus/gen-config), and checks the
/// merged config: every document validates against that release's schema, and a scan raises no finding of the cluster
/// sections at or above low except what the plan accepts.
/// </summary>
internal static class ClusterGeneratorHarness
{
    /// <summary>The rule prefixes the cluster generators answer for together (and config validity, which every patch must keep).</summary>
    public static readonly string[] ClusterPrefixes = ["TG-AUD-", "TG-PSS-", "TG-SEC-", "TG-K8S-", "TG-ACC-", "TG-CERT-", "TG-CONF-"];

    /// <summary>Kernel sysctls (TG-K8S-008) belong to the node generators.</summary>
    private static readonly string[] OtherLanes = ["TG-K8S-008"];

    /// <summary>The gen-config corpus certificates are valid from 2026-11-02 for ten years.</summary>
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Versions => new("v1.11", "v1.12", "v1.13", "v1.14");

    public static HardeningProfile Profile(string version) => HardeningProfile.Default with
    {
        TalosRelease = version + ".0",
        KubernetesVersion = version == "v1.11" ? "1.34.1" : "1.35.0",
    };

    public static HardeningPlan Plan(IHardeningGenerator generator, HardeningProfile profile)
    {
        var plan = new HardeningPlan();
        generator.Generate(profile, plan);
        return plan;
    }

    /// <summary>The role's planned documents applied one by one onto the gen-config base of <paramref name="version"/>.</summary>
    public static List<ConfigMapping> Merge(HardeningPlan plan, string version, PatchTargets role)
    {
        var baseName = role == PatchTargets.Worker ? "worker.yaml" : "controlplane.yaml";
        var path = Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests", "Corpus", "gen-config", version, baseName);
        var documents = TalosPatchApplier.Documents(Yaml.File(baseName, File.ReadAllText(path)));
        foreach (var patch in plan.Patches.Where(p => p.Targets.HasFlag(role)))
        {
            documents = TalosPatchApplier.Apply(documents, TalosPatchReader.Read("patch.yaml", ConfigYamlWriter.Write([patch.Document])));
        }

        return documents;
    }

    /// <summary>
    /// The planned documents of <paramref name="role"/> as one patch file: documents with the same target merged into one
    /// (Talos takes one v1alpha1 document per patch), keeping their <c>$patch: delete</c> markers, which applying them onto an
    /// empty config would drop.
    /// </summary>
    public static string PatchText(HardeningPlan plan, PatchTargets role) => ConfigYamlWriter.Write(HardeningComposer.RoleDocuments(plan, role));

    /// <summary>
    /// Asserts the merged documents validate against the release's schema, except what Talos accepts and the schema omits:
    /// the v1alpha1 <c>persist</c> key (hidden from every schema), and the <c>UnattendedInstallConfig</c> kind the v1.14
    /// corpus was written with (the rc.1 schema names it <c>UnattendedInstall</c>).
    /// </summary>
    public static async Task AssertSchemaValid(IReadOnlyList<ConfigMapping> merged, string version)
    {
        var schema = await Schema(version);
        foreach (var document in merged.Where(d => d.Text("kind") != "UnattendedInstallConfig"))
        {
            var checkedDocument = (ConfigMapping)document.Clone();
            checkedDocument.Remove("persist");
            var json = ConfigJson.Write(checkedDocument);
            var errors = schema.Validate(json);
            Assert.True(errors.Count == 0, $"{version}: {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}"))}");
        }
    }

    /// <summary>The findings of the rules with <paramref name="prefixes"/> at or above low in the merged config, minus the accepted ones.</summary>
    public static List<Finding> Unaccepted(IReadOnlyList<ConfigMapping> merged, HardeningPlan plan, string version, string name, params string[] prefixes)
    {
        var options = new ScanOptions { Now = Now, Targets = new TargetOverrides(TalosVersion.Parse(version)) };
        var model = new ClusterModel([Yaml.File(name, ConfigYamlWriter.Write(merged))], options.Targets);
        var accepted = plan.Accepted.Select(a => a.RuleId).ToHashSet(StringComparer.Ordinal);
        return [.. Scanner.Scan(model, options, RuleCatalog.ScanRules).Findings
            .Where(f => f.Severity >= Severity.Low)
            .Where(f => prefixes.Any(p => f.Rule.Id.StartsWith(p, StringComparison.Ordinal)))
            .Where(f => !OtherLanes.Contains(f.Rule.Id) && !accepted.Contains(f.Rule.Id))];
    }

    /// <summary>Asserts no finding of the rules with <paramref name="prefixes"/> but the accepted ones, listing them when it fails.</summary>
    public static void AssertScansClean(IReadOnlyList<ConfigMapping> merged, HardeningPlan plan, string version, string name, params string[] prefixes)
    {
        var findings = Unaccepted(merged, plan, version, name, prefixes);
        Assert.True(findings.Count == 0, string.Join("\n", findings.Select(f => $"{f.Rule.Id} {f.Location.Path}:{f.Location.Line} {f.Message}")));
    }

    private static Task<JsonSchema> Schema(string version) => TalosSchemas.Load(TalosSchemas.FileFor(version), TestContext.Current.CancellationToken);
}
