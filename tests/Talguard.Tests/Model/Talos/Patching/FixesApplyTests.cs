using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos.Patching;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model.Talos.Patching;

/// <summary>
/// Every typed fix, applied with <see cref="TalosPatchApplier"/> to the config it was reported on, makes its rule pass
/// there: the examples and the report fixtures are scanned as the CLI scans a directory, each Talos patch is applied to
/// its file, the set is scanned again, and the rule must no longer fire at that path.
/// </summary>
public class FixesApplyTests
{
    public static TheoryData<string> InputSets =>
    [
        "examples/control-plane-access",
        "examples/hardened-cluster",
        "examples/insecure-cluster",
        "examples/pod-security",
        "tests/Talguard.Tests/Reports/testdata/cluster",
    ];

    [Theory]
    [MemberData(nameof(InputSets))]
    public void Each_fix_applied_to_its_config_silences_its_finding(string inputSet)
    {
        var files = InputLoader.Load([Path.Combine(SharedData.RepositoryRoot, inputSet)]);
        var fixes = Scanner.Scan(files, new ScanOptions()).Findings.Where(f => f.Fix is not null).ToList();
        var stillFiring = new List<string>();
        foreach (var finding in fixes)
        {
            var index = files.FindIndex(f => f.DisplayPath == finding.Location.File);
            var fixedText = TalosPatchApplier.Merge(files[index], finding.Fix!);
            List<SourceFile> patched = [.. files];
            patched[index] = InputLoader.Parse(files[index].DisplayPath, null, fixedText);
            var again = Scanner.Scan(patched, new ScanOptions()).Findings;
            if (again.Any(f => f.RuleId == finding.RuleId && f.Location.File == finding.Location.File && f.Location.Path == finding.Location.Path))
            {
                stillFiring.Add($"{finding.RuleId} at {Path.GetFileName(finding.Location.File)}:{finding.Location.Line} {finding.Location.Path}");
            }
        }

        Assert.Empty(stillFiring);

        Assert.True(inputSet.Contains("hardened", StringComparison.Ordinal) || fixes.Count > 0, "the input set should have findings with fixes");
    }
}
