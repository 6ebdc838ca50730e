using System.Text;
using Talguard.Cli.Rendering;
using Talguard.Findings;
using Talguard.Hardening.AuditLogging;
using Talguard.Hardening.Certificates;
using Talguard.Hardening.PodSecurity;
using Talguard.Hardening.SecureBoot;
using Talguard.Model;
using Talguard.Reports;

namespace Talguard.Tests.Fuzzing;

/// <summary>
/// Mutation fuzzing of everything that reads YAML: the loader and classifier, every scan rule, the audit policy
/// reader, the exceptions file, talosconfig/secrets bundles and the certificate inventory, the securitystate file,
/// and Pod Security (evaluation, the pss table, --fix). Inputs start from the real configs of examples/ and the
/// tests' testdata/. Self-aliases and alias bombs are left to the subprocess reproducers (see <see cref="AliasShape"/>).
/// CI runs the counts below; TALGUARD_FUZZ_ITERATIONS scales them for the long campaign (docs/robustness.md).
/// </summary>
public sealed class YamlInputFuzzTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Loader_and_classifier_survive_mutated_configs() =>
        Report(FuzzHarness.Run("loader", 101, FuzzHarness.Iterations(3000), random => MutatedBytes(random, FuzzSeeds.Configs), bytes =>
        {
            var files = InputLoader.Load([InputLoader.StandardInputName], () => new MemoryStream(bytes, writable: false));
            var model = new ClusterModel(files);
            foreach (var document in files.SelectMany(f => f.Documents))
            {
                _ = (document.Class, document.Kind, document.IsTalos, document.IsKubernetes, document.IsMachineConfigPatch);
            }

            _ = (model.TalosVersion, model.KubernetesVersion, model.ControlPlanes.Count(), model.KubernetesObjects.Count);
        }, bytes => bytes));

    [Fact]
    public void Every_rule_survives_mutated_models() =>
        Report(FuzzHarness.Run("scan", 102, FuzzHarness.Iterations(1200), random => MutatedText(random, FuzzSeeds.Configs), text =>
        {
            var result = Scanner.Scan([InputLoader.Parse("fuzz.yaml", null, text)], new ScanOptions { Now = Now });
            new JsonReportWriter().Write(result, Stream.Null);
        }, FuzzSeeds.Bytes));

    [Fact]
    public void Audit_policy_reader_survives_mutations()
    {
        var seeds = FuzzSeeds.Configs.Where(c => c.Contains("audit", StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.NotEmpty(seeds);
        var auditRules = RuleCatalog.ScanRules.Where(r => r.Descriptor.Section == Section.AuditLogging).ToList();
        Report(FuzzHarness.Run("audit-policy", 103, FuzzHarness.Iterations(2000), random => MutatedText(random, seeds), text =>
        {
            var file = InputLoader.Parse("fuzz.yaml", null, text);
            foreach (var document in file.Documents.Where(d => d.Root is not null))
            {
                foreach (var policy in new[] { document.Root, document.At("cluster", "apiServer", "auditPolicy") }.OfType<YamlNode>())
                {
                    foreach (var strict in new[] { false, true })
                    {
                        var read = AuditPolicyReader.Read(policy, strict);
                        var evaluator = new AuditPolicyEvaluator(read.Policy);
                        foreach (var request in RepresentativeRequests.ForSecrets(read.Policy))
                        {
                            evaluator.Evaluate(request);
                        }
                    }
                }
            }

            Scanner.Scan(new ClusterModel([file]), new ScanOptions { Now = Now }, auditRules);
        }, FuzzSeeds.Bytes));
    }

    [Fact]
    public void Exceptions_file_survives_mutations()
    {
        string[] seeds =
        [
            "exceptions:\n  - ruleId: TG-NET-001\n    path: \"**\"\n    reason: firewall rollout\n    owner: netops\n    expires: 2020-01-31\n" +
            "  - ruleId: TG-PSS-006\n    path: \"cluster/*.yaml\"\n    reason: accepted\n  - ruleId: TG-DISK-001\n    path: \"nodes/**/cp-?.yaml\"\n    reason: x\n    expires: 2099-12-31\n",
            .. FuzzSeeds.Configs.Where(c => c.TrimStart().StartsWith("exceptions:", StringComparison.Ordinal)),
        ];
        var findings = FuzzSeeds.Configs.Take(3).Select((_, i) => new Finding(RuleCatalog.ScanRules[i].Descriptor, Severity.High, "m",
            new Location($"cluster/node-{i}.yaml", 3, 1, 20, 0, "", "machine.install"))).ToList();
        var files = new List<SourceFile> { InputLoader.Parse("cluster/node-0.yaml", null, "version: v1alpha1\nmachine:\n  type: worker\n") };
        Report(FuzzHarness.Run("exceptions", 104, FuzzHarness.Iterations(3000), random => MutatedText(random, seeds), text =>
        {
            var entries = SuppressionsFile.Parse(".talguard.yaml", text);
            Suppressions.Apply(findings, files, entries, Now);
        }, FuzzSeeds.Bytes));
    }

    [Fact]
    public void Talosconfig_secrets_bundle_and_certificate_inventory_survive_mutations()
    {
        string[] seeds = [FuzzSeeds.Talosconfig, FuzzSeeds.SecretsBundle, .. FuzzSeeds.Configs.Where(c => c.Contains("crt: ", StringComparison.Ordinal))];
        var certificateRules = RuleCatalog.ScanRules.Where(r => r.Descriptor.Section == Section.Certificates).ToList();
        Report(FuzzHarness.Run("certificates", 105, FuzzHarness.Iterations(2000), random => MutatedText(random, seeds, CertificateMutator.Mutate), text =>
        {
            var model = new ClusterModel([InputLoader.Parse("fuzz.yaml", null, text)]);
            using (var inventory = new CertificateInventory(model))
            {
                _ = (inventory.All.Count, inventory.Clients.Count, inventory.TalosCas.Count, inventory.KubernetesCas.Count);
            }

            Scanner.Scan(model, new ScanOptions { Now = Now }, certificateRules);
        }, FuzzSeeds.Bytes));
    }

    [Fact]
    public void Security_state_file_reader_survives_structural_mutations()
    {
        const string State = "node: 10.0.0.1\nmetadata:\n    namespace: runtime\n    type: SecurityStates.runtime.talos.dev\n    id: securitystate\nspec:\n" +
            "    secureBoot: true\n    ukiSigningKeyFingerprint: AB:CD:EF\n    pcrSigningKeyFingerprint: 01:02\n    bootedWithUKI: true\n    moduleSignatureEnforced: true\n";
        string[] seeds = [State, State + "---\n" + State.Replace("10.0.0.1", "10.0.0.2", StringComparison.Ordinal)];
        var expected = new SecurityStateExpectations("AB:CD:EF", "01:02");
        var path = Path.Combine(Path.GetTempPath(), $"talguard-fuzz-securitystate-{Environment.ProcessId}.yaml");
        try
        {
            Report(FuzzHarness.Run("securitystate", 106, FuzzHarness.Iterations(1000), random => MutatedBytes(random, seeds), bytes =>
            {
                File.WriteAllBytes(path, bytes);
                SecurityStateVerifier.Verify(path, expected);
            }, bytes => bytes));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Pod_security_survives_mutated_workloads()
    {
        var seeds = FuzzSeeds.Workloads;
        Assert.NotEmpty(seeds);
        var restricted = new LevelVersion(PodSecurityLevel.Restricted, PolicyVersion.Latest);
        Report(FuzzHarness.Run("pod-security", 107, FuzzHarness.Iterations(2000), random => MutatedText(random, seeds), text =>
        {
            var files = new List<SourceFile> { InputLoader.Parse("fuzz.yaml", null, text) };
            var model = new ClusterModel(files);
            foreach (var options in new[] { new PssOptions(), new PssOptions { Level = PodSecurityLevel.Baseline, MaxMinor = 24 } })
            {
                PssTableWriter.Write(ClusterPodSecurity.Evaluate(model, options), Stream.Null);
            }

            foreach (var fixedFile in PodSecurityFixer.Fix(files, restricted))
            {
                // What --fix writes must load again: an unreadable result would replace a valid manifest.
                try
                {
                    InputLoader.Parse("fixed.yaml", null, fixedFile.Text);
                }
                catch (InputException ex)
                {
                    throw new InvalidOperationException("--fix wrote YAML that does not load: " + ex.OneLine, ex);
                }
            }
        }, FuzzSeeds.Bytes));
    }

    private static string? MutatedText(Random random, string[] seeds, Func<Random, string, string>? extra = null)
    {
        var seed = seeds[random.Next(seeds.Length)];
        var text = extra is not null && random.Next(2) == 0 ? extra(random, seed) : YamlMutator.Mutate(random, seed, seeds[random.Next(seeds.Length)]);
        return AliasShape.RunsInProcess(text) ? text : null;
    }

    /// <summary>Mutated text as bytes; one in eight also gets a raw byte change (invalid UTF-8, NUL, a BOM cut short).</summary>
    private static byte[]? MutatedBytes(Random random, string[] seeds)
    {
        if (MutatedText(random, seeds) is not { } text)
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > 0 && random.Next(8) == 0)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }

    private void Report(FuzzHarness.Tally tally) => output.WriteLine(tally.ToString());
}
