using System.Collections.Concurrent;
using System.Text;
using NJsonSchema;
using Talguard.Evidence.Collection;
using Talguard.Findings;
using Talguard.Hardening;
using Talguard.Hardening.Network;
using Talguard.Hardening.PodSecurity;
using Talguard.Model;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using Talguard.Services;
using Talguard.Tests.Model.Talos.Patching;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.Harden;

/// <summary>
/// Issue #13's proof, for every encryption mode × Secure Boot on/off × Talos v1.11–v1.14 × Cilium/Flannel: the
/// strongest profile so varied is hardened with every section's generator onto the <c>talosctl gen config</c> output
/// of that release (tests/Talguard.Tests/Corpus/gen-config); the merged configs validate against the release's
/// schema, <c>talguard scan</c> of them raises nothing at or above low but what the plan accepts, the manifests pass
/// <c>talguard pss</c> and the RBAC rules, a second run writes the same bytes, hardening the merged configs again
/// changes nothing, and no secret of the bases or the environment reaches a file it must not.
/// </summary>
public class HardenMatrixTests
{
    /// <summary>The release each line's corpus was written by, and its schema.</summary>
    private static readonly Dictionary<string, (string Release, string Schema)> Releases = new(StringComparer.Ordinal)
    {
        ["v1.11"] = ("v1.11.6", "config.schema.v1.11.json"),
        ["v1.12"] = ("v1.12.11", "config.schema.v1.12.json"),
        ["v1.13"] = ("v1.13.9", "config.schema.v1.13.json"),
        ["v1.14"] = ("v1.14.0-rc.1", "config.schema.v1.14.0-rc.1.json"),
    };

    /// <summary>
    /// Schema errors Talos does not make: the v1.14 schema calls the install document UnattendedInstall, while Talos
    /// registers (and gen config writes) UnattendedInstallConfig. Besides these, an error the base document already has,
    /// word for word, is the published schema's gap, not the hardening's: gen config's v1alpha1 document uses fields the
    /// schema leaves out (FACTS.md: docgen:nodoc fields such as machine.features.rbac, cluster.apiServer.disablePodSecurityPolicy).
    /// </summary>
    private static readonly (string Line, string Kind, string Error)[] SchemaAllowList =
    [
        ("v1.14", "UnattendedInstallConfig", "NoAdditionalPropertiesAllowed"),
        ("v1.14", "UnattendedInstallConfig", "NotOneOf"),
    ];

    /// <summary>The corpus's certificates are valid from 2026-11-02 for ten years.</summary>
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ConcurrentDictionary<string, Lazy<Task<JsonSchema>>> Schemas = new(StringComparer.Ordinal);

    public static TheoryData<string, string, bool, string> Cases()
    {
        var cases = new TheoryData<string, string, bool, string>();
        foreach (var line in Releases.Keys)
        {
            foreach (var mode in new[] { "tpm", "tpm+recovery", "kms", "nodeID" })
            {
                foreach (var secureBoot in new[] { true, false })
                {
                    foreach (var cni in new[] { "cilium", "flannel" })
                    {
                        cases.Add(line, mode, secureBoot, cni);
                    }
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Hardened_configs_validate_scan_clean_pass_pod_security_and_rerun_identically(string line, string mode, bool secureBoot, string cni) =>
        AssertHardened(line, Profile(line, mode, secureBoot, cni), $"{mode} secureBoot={secureBoot} {cni}");

    /// <summary>The profile choices the matrix keeps at their default: aescbc, the other CNIs, a weaker level with more exemptions, no compliance target.</summary>
    public static TheoryData<string, string> Variants()
    {
        var cases = new TheoryData<string, string>();
        foreach (var line in Releases.Keys)
        {
            foreach (var variant in new[] { "aescbc", "calico", "no-cni", "baseline-exempt", "no-compliance" })
            {
                cases.Add(line, variant);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public Task Other_profile_choices_harden_as_cleanly(string line, string variant)
    {
        var profile = Profile(line, "tpm", secureBoot: true, "cilium");
        profile = variant switch
        {
            "aescbc" => profile with { SecretsAtRest = SecretsAtRestProvider.Aescbc },
            "calico" => profile with { Cni = CniChoice.Calico },
            "no-cni" => profile with { Cni = CniChoice.None },
            "baseline-exempt" => profile with { PodSecurity = new PodSecurityProfile(PodSecurityLevel.Baseline, ["kube-system", "monitoring"]) },
            _ => profile with { Compliance = ComplianceTarget.None },
        };
        return AssertHardened(line, profile, variant);
    }

    private static async Task AssertHardened(string line, HardeningProfile profile, string label)
    {
        using var scratch = new ScratchDirectory("talguard-matrix-");
        var bases = CopyBases(line, scratch.Path);
        var problems = new List<string>();

        var first = Harden(profile, Path.Combine(scratch.Path, "one", "hardened"), bases);
        var second = Harden(profile, Path.Combine(scratch.Path, "two", "hardened"), bases);
        if (Snapshot(first.Output) != Snapshot(second.Output) || !first.Bases.Select(b => b.Diff).SequenceEqual(second.Bases.Select(b => b.Diff)))
        {
            problems.Add("a second run wrote different bytes");
        }

        var merged = first.Bases.Select(b => Path.Combine(first.Output, b.MergedFile)).ToList();
        problems.AddRange(await SchemaErrors(line, merged, bases));
        problems.AddRange(ScanProblems(line, profile, first, merged));
        problems.AddRange(ManifestProblems(first));
        problems.AddRange(SecretLeaks(first, bases));

        var again = Harden(profile, Path.Combine(scratch.Path, "three", "hardened"), merged);
        foreach (var hardened in again.Bases.Where(b => b.Diff.Length > 0))
        {
            problems.Add($"hardening {hardened.MergedFile} again changes it:\n{hardened.Diff}");
        }

        Assert.True(problems.Count == 0, $"{line} {label}:\n{string.Join("\n", problems)}");
    }

    private static HardeningProfile Profile(string line, string mode, bool secureBoot, string cni) => HardeningProfile.Default with
    {
        TalosRelease = Releases[line].Release,
        DiskEncryption = mode switch
        {
            "tpm" => new DiskEncryptionProfile(DiskEncryptionMode.Tpm),
            "tpm+recovery" => new DiskEncryptionProfile(DiskEncryptionMode.TpmWithRecovery),
            "kms" => new DiskEncryptionProfile(DiskEncryptionMode.Kms, KmsEndpoint: "https://kms.example.internal:443"),
            _ => new DiskEncryptionProfile(DiskEncryptionMode.NodeId),
        },
        SecureBoot = secureBoot ? HardeningProfile.Default.SecureBoot : new SecureBootProfile(Enabled: false),
        Cni = cni == "cilium" ? CniChoice.Cilium : CniChoice.Flannel,
    };

    private static List<string> CopyBases(string line, string root)
    {
        var directory = Path.Combine(root, "bases");
        Directory.CreateDirectory(directory);
        return [.. new[] { "controlplane.yaml", "worker.yaml" }.Select(name =>
        {
            var path = Path.Combine(directory, name);
            File.Copy(Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests", "Corpus", "gen-config", line, name), path);
            return path;
        })];
    }

    private static HardenResult Harden(HardeningProfile profile, string output, IReadOnlyList<string> bases)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var request = new HardenRequest
        {
            Profile = "talguard.profile.yaml",
            Output = output,
            Bases = bases,
            // Without --inline-secrets the environment must never be read into a file.
            Environment = name => PlantedValue(name),
        };
        return HardenService.Run(request, profile, HardeningGenerators.All);
    }

    private static string PlantedValue(string name) => "planted-" + name + "-value";

    /// <summary>Schema errors of the merged documents, but those the allow-list explains.</summary>
    private static async Task<List<string>> SchemaErrors(string line, List<string> merged, List<string> bases)
    {
        var schema = await Schemas.GetOrAdd(Releases[line].Schema, name => new(() => LoadSchema(name))).Value;
        var errors = new List<string>();
        foreach (var (path, basePath) in merged.Zip(bases))
        {
            var baseDocuments = await Documents(basePath);
            foreach (var document in await Documents(path))
            {
                var kind = document.Text("kind") ?? "v1alpha1";
                var selector = TalosDocumentSelector.Of(document);
                var before = baseDocuments.Find(d => TalosDocumentSelector.Of(d) == selector);
                HashSet<string> known = before is null ? [] : [.. schema.Validate(ConfigJson.Write(before)).Select(e => e.ToString())];
                var found = schema.Validate(ConfigJson.Write(document))
                    .Where(e => !known.Contains(e.ToString()) && !SchemaAllowList.Any(a => a.Line == line && a.Kind == kind && e.Kind.ToString() == a.Error))
                    .Select(e => $"schema {Path.GetFileName(path)} {kind}: {e}");
                errors.AddRange(found);
            }
        }

        return errors;
    }

    private static async Task<List<ConfigMapping>> Documents(string path) =>
        TalosPatchApplier.Documents(Yaml.File(Path.GetFileName(path), await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)));

    private static IEnumerable<string> ScanProblems(string line, HardeningProfile profile, HardenResult result, List<string> merged)
    {
        var options = new ScanOptions
        {
            Now = Now,
            Targets = new TargetOverrides(TalosVersion: TalosVersion.TryParse(line, out var version) ? version : null),
            ManagementNetworks = [.. profile.Network.ManagementCidrs.Select(c => Cidr.TryParse(c, out var network) ? network : throw new ArgumentException(c))],
        };
        var scan = ScanService.Run(new ScanRequest { Paths = merged, Options = options, FailOn = null });
        return Unaccepted(result, scan.Report.Findings).Select(f => $"scan {f.RuleId} {Path.GetFileName(f.Location.File)}:{f.Location.Line} {f.Message}");
    }

    private static IEnumerable<string> ManifestProblems(HardenResult result)
    {
        var manifests = Path.Combine(result.Output, "manifests");
        if (!Directory.Exists(manifests))
        {
            return [];
        }

        var pss = PodSecurityService.Run(new PodSecurityRequest { Paths = [manifests], FailOn = null });
        var scan = ScanService.Run(new ScanRequest { Paths = [manifests], FailOn = null, Options = new ScanOptions { Now = Now } });
        return pss.Evaluation.Evaluations.Where(e => !e.Result.Allowed).Select(e => $"pss: {e}")
            .Concat(Unaccepted(result, pss.Report.Findings).Concat(Unaccepted(result, scan.Report.Findings))
                .Select(f => $"manifests {f.RuleId} {Path.GetFileName(f.Location.File)}:{f.Location.Line} {f.Message}"));
    }

    private static IEnumerable<Finding> Unaccepted(HardenResult result, IEnumerable<Finding> findings) =>
        findings.Where(f => f.Severity >= Severity.Low && !result.AcceptedRuleIds.Contains(f.RuleId));

    /// <summary>
    /// The environment's values never reach a file; the bases' secrets only reach their own merge (the config the node
    /// takes, mode 0600), never a patch, manifest, the README, the example or a diff.
    /// </summary>
    private static IEnumerable<string> SecretLeaks(HardenResult result, List<string> bases)
    {
        var secrets = bases.SelectMany(b => SecretValues(TalosPatchApplier.Documents(Yaml.File("base.yaml", File.ReadAllText(b))))).Distinct().ToList();
        Assert.NotEmpty(secrets);
        foreach (var path in Directory.EnumerateFiles(result.Output, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(path);
            var relative = Path.GetRelativePath(result.Output, path);
            if (text.Contains("planted-", StringComparison.Ordinal))
            {
                yield return $"{relative} holds an environment value";
            }

            if (!relative.StartsWith("merged/", StringComparison.Ordinal) && secrets.Find(s => text.Contains(s, StringComparison.Ordinal)) is { } secret)
            {
                yield return $"{relative} holds a base's secret ({secret.Length} characters)";
            }
        }

        foreach (var hardened in result.Bases.Where(b => secrets.Exists(s => b.Diff.Contains(s, StringComparison.Ordinal))))
        {
            yield return $"the diff of {hardened.Base} holds a secret";
        }
    }

    private static IEnumerable<string> SecretValues(IEnumerable<ConfigNode> nodes, bool underSecretKey = false)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case ConfigMapping mapping:
                    foreach (var value in mapping.Entries.SelectMany(e => SecretValues([e.Value], underSecretKey || EvidenceRedaction.SecretKeys.Contains(e.Key))))
                    {
                        yield return value;
                    }

                    break;
                case ConfigSequence sequence:
                    foreach (var value in SecretValues(sequence.Items, underSecretKey))
                    {
                        yield return value;
                    }

                    break;
                case ConfigScalar { Text.Length: >= 16 } scalar when underSecretKey:
                    yield return scalar.Text;
                    break;
            }
        }
    }

    private static string Snapshot(string directory)
    {
        var text = new StringBuilder();
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            text.Append("== ").Append(Path.GetRelativePath(directory, path)).Append('\n').Append(File.ReadAllText(path));
        }

        return text.ToString();
    }

    private static Task<JsonSchema> LoadSchema(string name) => TalosSchemas.Load(name);
}
