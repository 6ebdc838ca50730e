using System.Runtime.CompilerServices;
using Talguard.Evidence;
using Talguard.Evidence.Adapters;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Tests.Evidence.Adapters;

public class LiveConfigRulesTests
{
    private static readonly string Bundles = Path.Combine(ThisDirectory(), "Bundles");

    [Theory]
    [InlineData("v1.11-healthy", "10.5.0.2", NodeRole.ControlPlane, "v1.11")]
    [InlineData("v1.11-healthy", "10.5.0.3", NodeRole.Worker, "v1.11")]
    [InlineData("v1.12-weak", "10.5.0.2", NodeRole.ControlPlane, "v1.12")]
    [InlineData("v1.12-weak", "10.5.0.3", NodeRole.Worker, "v1.12")]
    [InlineData("v1.13-healthy-admin", "10.5.0.2", NodeRole.ControlPlane, "v1.13")]
    [InlineData("v1.13-weak-admin", "10.5.0.2", NodeRole.ControlPlane, "v1.13")]
    public void Dump(string bundle, string address, NodeRole role, string version)
    {
        var node = Load(bundle, address, role, TalosVersion.Parse(version));
        var findings = LiveConfigRules.JudgeComponents(node, new ScanOptions());
        var text = string.Join("\n", findings.Select(f => $"{f.RuleId} {f.Severity} {f.Location.File}:{f.Location.Line}:{f.Location.Column} #{f.Location.Document} {f.Location.Kind} {f.Location.Path} | {f.Message}"));
        if (node.MachineConfig is { } config)
        {
            var file = LiveConfigRules.LoadMachineConfig(config);
            text += "\n--- machineconfig\n" + string.Join("\n", LiveConfigRules.JudgeMachineConfig(file, node, new ScanOptions()).Select(f => LiveConfigRules.InBundle(f, config, address))
                .Select(f => $"{f.RuleId} {f.Severity} {f.Location.File}:{f.Location.Line}:{f.Location.Column} #{f.Location.Document} {f.Location.Path} | {f.Message}"));
        }

        Assert.Fail(text);
    }

    [Theory]
    [InlineData("v1.13-weak-admin", "hardened")]
    [InlineData("v1.13-healthy-admin", "hardened")]
    [InlineData("v1.13-healthy-admin", "weakened")]
    public void DumpDrift(string bundle, string expect)
    {
        var node = Load(bundle, "10.5.0.2", NodeRole.ControlPlane, TalosVersion.Parse("v1.13"));
        var config = node.MachineConfig!;
        var live = LiveConfigRules.LoadMachineConfig(config);
        var findings = LiveConfigRules.JudgeMachineConfig(live, node, new ScanOptions());
        var expected = Talguard.Evidence.Drift.ConfigDrift.LoadExpected(Path.Combine(ThisDirectory(), "Expect", expect));
        var git = Talguard.Evidence.Drift.ConfigDrift.Match(expected, "10.5.0.2", null, NodeRole.ControlPlane)!;
        var drift = Talguard.Evidence.Drift.ConfigDrift.Compare(git, live, findings, config, node, new ScanOptions());
        Assert.Fail(string.Join("\n", drift.Weakened.Select(f => $"{f.RuleId} {f.Severity} {f.Location.File}:{f.Location.Line}:{f.Location.Column} {f.Location.Path} | {f.Message}"))
            + "\n--- strengthened\n" + string.Join("\n", drift.Strengthened));
    }

    internal static LiveNodeEvidence Load(string bundle, string address, NodeRole role, TalosVersion version)
    {
        _ = role;
        _ = version;
        var path = Path.Combine(Bundles, bundle);
        var loaded = EvidenceBundle.Load(path);
        return LiveNodeEvidenceReader.Read(loaded, loaded.Nodes.Single(n => n.Address == address), path, out _);
    }

    private static string ThisDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
