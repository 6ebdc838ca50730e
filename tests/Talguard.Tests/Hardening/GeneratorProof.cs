using System.Collections.Concurrent;
using NJsonSchema;
using Talguard.Findings;
using Talguard.Hardening;
using Talguard.Hardening.Network;
using Talguard.Model;
using Talguard.Model.Profile;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;
using Talguard.Tests.Model.Talos.Patching;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening;

/// <summary>
/// The proof each generator gives: its plan's patch documents, applied per role onto what <c>talosctl gen config</c> writes
/// for a release (tests/Talguard.Tests/Corpus/gen-config), validate against that release's published schema, and the scan
/// of the merged configs raises none of the generator's sections' rules at or above low except what the plan accepts.
/// </summary>
internal static class GeneratorProof
{
    /// <summary>The release line, the release the gen-config corpus was written by, and its schema file.</summary>
    public static readonly IReadOnlyDictionary<string, (string Release, string Schema)> Releases = new Dictionary<string, (string, string)>
    {
        ["v1.11"] = ("v1.11.6", "config.schema.v1.11.json"),
        ["v1.12"] = ("v1.12.11", "config.schema.v1.12.json"),
        ["v1.13"] = ("v1.13.9", "config.schema.v1.13.json"),
        ["v1.14"] = ("v1.14.0-rc.1", "config.schema.v1.14.0-rc.1.json"),
    };

    public static TheoryData<string> ReleaseLines => [.. Releases.Keys];

    /// <summary>The generated certificates are valid from 2026-11-02 for ten years.</summary>
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ConcurrentDictionary<string, Lazy<Task<JsonSchema>>> Schemas = new(StringComparer.Ordinal);

    /// <summary>The strongest profile, written for <paramref name="line"/>.</summary>
    public static HardeningProfile Profile(string line) => HardeningProfile.Default with { TalosRelease = Releases[line].Release };

    public static HardeningPlan Plan(HardeningProfile profile, params IHardeningGenerator[] generators)
    {
        var plan = new HardeningPlan();
        foreach (var generator in generators)
        {
            generator.Generate(profile, plan);
        }

        return plan;
    }

    /// <summary>The plan's patch for one role, in the order the harden service applies it (sections, then generators).</summary>
    public static TalosConfigPatch RolePatch(HardeningPlan plan, PatchTargets role) =>
        TalosPatch.Of([.. plan.Patches
            .Where(p => p.Targets.HasFlag(role))
            .OrderBy(p => Section.All.ToList().IndexOf(p.Section))
            .Select(p => new TalosPatchDocument(TalosDocumentSelector.Of(p.Document)!, p.Document))]);

    /// <summary>The role's patch as the text written to <c>controlplane.patch.yaml</c> / <c>worker.patch.yaml</c>.</summary>
    public static string PatchText(HardeningPlan plan, PatchTargets role) => ConfigYamlWriter.Write(RolePatch(plan, role));

    /// <summary>Applies, validates and scans: the whole proof for one profile.</summary>
    public static async Task<IReadOnlyList<Finding>> Prove(string line, HardeningProfile profile, HardeningPlan plan, params Section[] sections)
    {
        var merged = new List<SourceFile>();
        foreach (var (role, file) in new[] { (PatchTargets.ControlPlane, "controlplane.yaml"), (PatchTargets.Worker, "worker.yaml") })
        {
            var basePath = Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests", "Corpus", "gen-config", line, file);
            var baseDocuments = TalosPatchApplier.Documents(Yaml.File(file, await File.ReadAllTextAsync(basePath, TestContext.Current.CancellationToken)));
            var documents = TalosPatchApplier.Apply(baseDocuments, RolePatch(plan, role));
            await AssertSchemaValid(line, baseDocuments, documents, file);
            merged.Add(Yaml.File(file, ConfigYamlWriter.Write(documents)));
        }

        var options = new ScanOptions
        {
            Now = Now,
            Targets = new TargetOverrides(TalosVersion: TalosVersion.TryParse(line, out var version) ? version : null),
            ManagementNetworks = [.. profile.Network.ManagementCidrs.Select(c => Cidr.TryParse(c, out var n) ? n : throw new ArgumentException(c))],
        };
        var findings = Scanner.Scan(new ClusterModel(merged, options.Targets), options, RuleCatalog.ScanRules).Findings;
        var accepted = plan.Accepted.Select(a => a.RuleId).ToHashSet(StringComparer.Ordinal);
        var unexpected = findings
            .Where(f => f.Severity >= Severity.Low && sections.Contains(f.Rule.Section) && !accepted.Contains(f.RuleId))
            .Select(f => $"{f.RuleId} {f.Location.File}:{f.Location.Line}: {f.Message}")
            .ToList();
        Assert.True(unexpected.Count == 0, $"{line}: the hardened configs still raise:\n{string.Join("\n", unexpected)}");
        return findings;
    }

    /// <summary>
    /// Every merged document validates, except for errors its base document already had (a gen-config field the schema
    /// leaves out). The one exception Talguard knows: v1.14's schema names the install document <c>UnattendedInstall</c>,
    /// while Talos registers (and <c>gen config</c> writes) <c>UnattendedInstallConfig</c>; it is validated under the schema's name.
    /// </summary>
    private static async Task AssertSchemaValid(string line, List<ConfigMapping> baseDocuments, List<ConfigMapping> merged, string file)
    {
        var schema = await Schemas.GetOrAdd(Releases[line].Schema, name => new(() => LoadSchema(name))).Value;
        foreach (var document in merged)
        {
            var selector = TalosDocumentSelector.Of(document);
            var before = baseDocuments.Find(d => TalosDocumentSelector.Of(d) == selector);
            var known = before is null ? [] : Errors(schema, before);
            var errors = Errors(schema, document).Where(e => !known.Contains(e)).ToList();
            Assert.True(errors.Count == 0, $"{line} {file}: document {selector}: {string.Join("; ", errors)}\n{ConfigJson.Write(document)}");
        }
    }

    private static HashSet<string> Errors(JsonSchema schema, ConfigMapping document)
    {
        var json = ConfigJson.Write(document);
        if (document.Text("kind") == "UnattendedInstallConfig")
        {
            json = json.Replace("\"UnattendedInstallConfig\"", "\"UnattendedInstall\"", StringComparison.Ordinal);
        }

        return [.. schema.Validate(json).Select(e => e.ToString())];
    }

    private static Task<JsonSchema> LoadSchema(string name) => TalosSchemas.Load(name);
}
