using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Tests.Reports;

/// <summary>
/// Simplified stand-ins for three catalog rules, so report formats and suppressions are tested on real
/// findings independently of the production rules. They reuse real rule IDs, inputs and controls.
/// </summary>
public static class SampleRules
{
    public static readonly Rule StateNotEncrypted = new Sample(
        RuleDescriptor.Create("TG-DISK-001", Severity.High, Section.DiskEncryption, "STATE partition is not encrypted",
            "Without encryption the STATE partition keeps the machine config, with its secrets, readable on a removed disk.",
            "Add a VolumeConfig document for STATE with a TPM key.", Catalog("TG-DISK-001").Inputs, Catalog("TG-DISK-001").Controls),
        (context, rule) =>
        {
            foreach (var node in context.Model.NodeConfigs.Where(n => !n.OfKind("VolumeConfig").Any(d => d.Root?["name"]?.AsString() == "STATE")))
            {
                context.ReportMissing(rule, node.FirstDocument, null, string.Empty, "no VolumeConfig document for STATE with encryption",
                    TalosPatch.Parse("apiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      tpm: {}\n"));
            }
        });

    public static readonly Rule PrivilegedContainer = new Sample(
        RuleDescriptor.Create("TG-PSS-006", Severity.High, Section.PodSecurity, "Pod violates the enforced Pod Security level",
            "A privileged container can take over its node.", "Remove securityContext.privileged or set it to false.",
            Catalog("TG-PSS-006").Inputs, Catalog("TG-PSS-006").Controls),
        (context, rule) =>
        {
            foreach (var pod in context.Model.ObjectsOfKind("Pod"))
            {
                foreach (var container in pod.At("spec", "containers")?.Items ?? [])
                {
                    if (container.At("securityContext", "privileged") is { } privileged && privileged.AsBool() == true)
                    {
                        context.Report(rule, pod, privileged, $"privileged (container \"{container["name"]?.AsString()}\" must not set securityContext.privileged=true)");
                    }
                }
            }
        });

    public static readonly Rule KernelPointers = new Sample(
        RuleDescriptor.Create("TG-K8S-008", Severity.Medium, Section.ControlPlane, "Sysctl weakens a kernel hardening default",
            "kernel.kptr_restrict below 2 exposes kernel addresses that help exploits.", "Remove the sysctl or set it to 2.",
            Catalog("TG-K8S-008").Inputs, Catalog("TG-K8S-008").Controls),
        (context, rule) =>
        {
            foreach (var node in context.Model.NodeConfigs)
            {
                if (node.MachineConfig?.At("machine", "sysctls")?["kernel.kptr_restrict"] is { } value && value.AsInt64() < 2)
                {
                    context.Report(rule, node.MachineConfig, value, $"kernel.kptr_restrict is {value.Value}; the hardened default is 2");
                }
            }
        });

    public static IReadOnlyList<Rule> All { get; } = [StateNotEncrypted, PrivilegedContainer, KernelPointers];

    /// <summary>The sample cluster under testdata/, scanned at a fixed date with testdata/exceptions.yaml.</summary>
    public static ScanResult ScanSampleCluster(bool withExceptions = true)
    {
        var files = InputLoader.Load(["cluster"], baseDirectory: TestData.Directory);
        var options = new ScanOptions
        {
            Now = new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero),
            Exceptions = withExceptions ? SuppressionsFile.Load(Path.Combine(TestData.Directory, "exceptions.yaml"), "exceptions.yaml") : [],
        };
        return Scanner.Scan(new ClusterModel(files, options.Targets), options, All);
    }

    /// <summary>The catalog rule a stand-in borrows its inputs and controls from, so reports show them as for the real rule.</summary>
    private static RuleDescriptor Catalog(string id) => RuleCatalog.Find(id)!;

    private sealed class Sample(RuleDescriptor descriptor, Action<ScanContext, RuleDescriptor> check) : Rule
    {
        public override RuleDescriptor Descriptor => descriptor;

        public override void Check(ScanContext context) => check(context, descriptor);
    }
}
