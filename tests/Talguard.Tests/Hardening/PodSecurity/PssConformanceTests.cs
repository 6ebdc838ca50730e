using System.Text.RegularExpressions;
using Talguard.Hardening.PodSecurity;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.PodSecurity;

/// <summary>
/// Every upstream fixture of k8s.io/pod-security-admission (../shared/pss/testdata), judged by the harness
/// rule of pss/FACTS.md §1, including the strict form: the denying checks include the fixture's own check
/// (or the restricted check that overrides it).
/// </summary>
public partial class PssConformanceTests
{
    private static readonly Dictionary<string, (string CheckId, string Substring)> Prefixes = new(StringComparer.Ordinal)
    {
        ["allowprivilegeescalation"] = ("allowPrivilegeEscalation", "allowPrivilegeEscalation"),
        ["apparmorprofile"] = ("appArmorProfile", "forbidden AppArmor profile"),
        ["capabilities_baseline"] = ("capabilities_baseline", "capabilities"),
        ["capabilities_restricted"] = ("capabilities_restricted", "unrestricted capabilities"),
        ["hostnamespaces"] = ("hostNamespaces", "host namespaces"),
        ["hostpathvolumes"] = ("hostPathVolumes", "hostPath"),
        ["hostports"] = ("hostPorts", "hostPort"),
        ["hostprobesandhostlifecycle"] = ("hostProbesAndHostLifecycle", "probe or lifecycle host"),
        ["privileged"] = ("privileged", "privileged"),
        ["procmount"] = ("procMount", "procMount"),
        ["procmount_restricted"] = ("procMount_restricted", "procMount"),
        ["restrictedvolumes"] = ("restrictedVolumes", "restricted volume types"),
        ["runasnonroot"] = ("runAsNonRoot", "runAsNonRoot"),
        ["runasuser"] = ("runAsUser", "runAsUser"),
        ["seccompprofile_baseline"] = ("seccompProfile_baseline", "seccompProfile"),
        ["seccompprofile_restricted"] = ("seccompProfile_restricted", "seccompProfile"),
        ["selinuxoptions"] = ("seLinuxOptions", "seLinuxOptions"),
        ["sysctls"] = ("sysctls", "forbidden sysctl"),
        ["windowshostprocess"] = ("windowsHostProcess", "hostProcess"),
    };

    /// <summary>Baseline check → (restricted check replacing it, from minor).</summary>
    private static readonly Dictionary<string, (string CheckId, int FromMinor)> RestrictedOverrides = new(StringComparer.Ordinal)
    {
        ["hostPathVolumes"] = ("restrictedVolumes", 0),
        ["capabilities_baseline"] = ("capabilities_restricted", 22),
        ["seccompProfile_baseline"] = ("seccompProfile_restricted", 19),
        ["procMount"] = ("procMount_restricted", 35),
    };

    [GeneratedRegex(@"^(?<check>[a-z_]+?)(?<n>\d+)$")]
    private static partial Regex FixtureName();

    [Fact]
    public void Every_upstream_fixture_gets_upstreams_verdict_and_message()
    {
        var root = SharedData.Require("pss/testdata");
        var files = Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        var mismatches = new List<string>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var parts = relative.Split('/');
            Assert.True(PodSecurityLevels.TryParse(parts[0], out var level), relative);
            Assert.True(PolicyVersion.TryParse(parts[1], out var version) && !version.IsLatest, relative);
            var expectPass = parts[2] == "pass";
            var key = parts[0] + "/" + parts[2];
            counts[key] = counts.GetValueOrDefault(key) + 1;

            var text = File.ReadAllText(file);
            var levelVersion = new LevelVersion(level, version);
            var result = Evaluate(file, relative, text, levelVersion);
            var problem = Judge(Path.GetFileNameWithoutExtension(file), expectPass, level, version.Minor, result);
            var asTemplate = EvaluateAsDeployment(relative, text, levelVersion);
            if (problem is null && asTemplate.ForbiddenDetail != result.ForbiddenDetail)
            {
                problem = "as a Deployment template: " + asTemplate.ForbiddenDetail;
            }

            if (problem is not null)
            {
                mismatches.Add($"{relative}: {problem}");
            }
        }

        Assert.Equal(4537, files.Length);
        Assert.Equal(433, counts["baseline/pass"]);
        Assert.Equal(1122, counts["baseline/fail"]);
        Assert.Equal(618, counts["restricted/pass"]);
        Assert.Equal(2364, counts["restricted/fail"]);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches:\n" + string.Join('\n', mismatches.Take(40)));
    }

    private static PodSecurityResult Evaluate(string file, string relative, string text, LevelVersion levelVersion)
    {
        var document = InputLoader.Parse(relative, file, text).Documents[0];
        var pod = PodViewReader.Read(document.Root!, document.At("metadata"), document.At("spec"));
        return PodSecurityEvaluator.Default.Evaluate(levelVersion, pod);
    }

    /// <summary>The fixture as upstream's integration test wraps it: the pod's metadata and spec as a Deployment's template.</summary>
    private static PodSecurityResult EvaluateAsDeployment(string relative, string podText, LevelVersion levelVersion)
    {
        var podLines = podText.Split('\n').Where(l => !l.StartsWith("apiVersion:", StringComparison.Ordinal) && !l.StartsWith("kind:", StringComparison.Ordinal));
        var deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wrapped\nspec:\n  template:\n" +
            string.Join('\n', podLines.Select(l => l.Length == 0 ? l : "    " + l));
        var model = new ClusterModel([InputLoader.Parse(relative, null, deployment)]);
        var workload = Assert.Single(Workloads.Find(Workloads.Items(model)));
        Assert.Equal("Deployment", workload.Item.Kind);
        return PodSecurityEvaluator.Default.Evaluate(levelVersion, workload.Pod);
    }

    private static string? Judge(string name, bool expectPass, PodSecurityLevel level, int minor, PodSecurityResult result)
    {
        if (result.Violations.Any(v => v.Reason == PodSecurityEvaluator.UnknownForbiddenReason))
        {
            return "a check gave no reason";
        }

        if (expectPass)
        {
            return result.Allowed ? null : "expected allowed, got: " + result.ForbiddenDetail;
        }

        if (result.Allowed)
        {
            return "expected denied, got allowed";
        }

        var match = FixtureName().Match(name);
        if (!match.Success || !Prefixes.TryGetValue(match.Groups["check"].Value, out var expected))
        {
            return "fail fixture with an unknown check prefix";
        }

        if (!result.ForbiddenDetail.Contains(expected.Substring, StringComparison.Ordinal))
        {
            return $"message lacks \"{expected.Substring}\": {result.ForbiddenDetail}";
        }

        var denying = result.Violations.Select(v => v.CheckId).ToHashSet(StringComparer.Ordinal);
        var overridden = level == PodSecurityLevel.Restricted && RestrictedOverrides.TryGetValue(expected.CheckId, out var over) && minor >= over.FromMinor
            ? over.CheckId
            : expected.CheckId;
        return denying.Contains(overridden) ? null : $"check {overridden} did not deny: {result.ForbiddenDetail}";
    }
}
