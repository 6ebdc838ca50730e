using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos.Patching;
using Talguard.Tests.Support;

namespace Talguard.Tests.Samples;

/// <summary>
/// Runs every rule's samples (<c>Samples/TG-XXX-NNN/</c>, the way Semgrep and kube-linter keep theirs): each
/// <c>fire*</c> input makes the rule report exactly its lines marked <c># expect: TG-XXX-NNN</c>, each <c>pass*</c>
/// and <c>fixed*</c> input keeps it silent, and the Talos patches the rule offers on a fire input, applied with the
/// engine's own applier, make it pass. A sample is one YAML file, or a directory scanned as one input set.
/// An optional first line <c># sample: --talos-version v1.12 --kubernetes-version v1.30 --management-network CIDR
/// --now 2026-12-01</c> sets what <c>talguard scan</c>'s options would; the clock is fixed at <see cref="SampleNow"/>
/// otherwise, so committed certificates age the same way on every run.
/// </summary>
public sealed partial class RuleSampleTests
{
    public static readonly DateTimeOffset SampleNow = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Root { get; } = Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests", "Samples");

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var ruleDirectory in Directory.EnumerateDirectories(Root, "TG-*").Order(StringComparer.Ordinal))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(ruleDirectory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(entry);
                // A directory holding manifest.json is an evidence bundle of a TG-LIVE rule: EvidenceSampleTests runs it.
                if (Kind(name) is not null && (Directory.Exists(entry) || name.EndsWith(".yaml", StringComparison.Ordinal))
                    && !File.Exists(Path.Combine(entry, "manifest.json")))
                {
                    data.Add(Path.GetRelativePath(Root, entry).Replace('\\', '/'));
                }
            }
        }

        return data;
    }

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Samples))]
    public void Sample_fires_exactly_on_its_marked_lines(string sample)
    {
        var ruleId = sample[..sample.IndexOf('/', StringComparison.Ordinal)];
        Assert.True(RuleCatalog.ScanRules.Any(r => r.Descriptor.Id == ruleId), $"{ruleId} (folder of {sample}) is not a scan rule of the catalog");
        var inputs = Inputs(sample);
        var options = Options(inputs[0].Text);
        var result = Scanner.Scan([.. inputs.Select(i => InputLoader.Parse(i.Name, null, i.Text))], options);
        var reported = Reported(result, ruleId);
        var kind = Kind(Path.GetFileName(sample))!;

        if (kind == "fire")
        {
            var expected = inputs.SelectMany(i => Markers(i, ruleId)).ToHashSet();
            Assert.True(expected.Count > 0, $"{sample}: a fire sample marks at least one line with '# expect: {ruleId}'");
            Assert.Equal(Sorted(expected), Sorted(reported));
            AssertFixesPass(inputs, result, ruleId, options);
        }
        else
        {
            Assert.True(reported.Count == 0, $"{sample}: {ruleId} must not fire, but reported {string.Join(", ", Sorted(reported))}");
        }
    }

    /// <summary>
    /// Every finding any rule reports on a sample carries its rule's catalog severity, or one of the cases its descriptor
    /// declares (<see cref="RuleDescriptor.OtherSeverities"/>): what the report prints is what docs/rules.md says.
    /// </summary>
    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Samples))]
    public void Every_finding_carries_a_severity_its_rule_declares(string sample)
    {
        var inputs = Inputs(sample);
        var result = Scanner.Scan([.. inputs.Select(i => InputLoader.Parse(i.Name, null, i.Text))], Options(inputs[0].Text));
        var undeclared = result.Findings.Where(f => !f.Rule.Allows(f.Severity))
            .Select(f => $"{f.Rule.Id} {f.Severity.ToName()} at {f.Location.File}:{f.Location.Line} (catalog: {f.Rule.Severity.ToName()})").ToList();
        Assert.True(undeclared.Count == 0, $"{sample}: findings whose severity their descriptor does not declare:\n" + string.Join('\n', undeclared));
    }

    /// <summary>Each input whose findings of the rule all carry a Talos patch: patched, it no longer fires.</summary>
    private static void AssertFixesPass(IReadOnlyList<SampleInput> inputs, ScanResult result, string ruleId, ScanOptions options)
    {
        foreach (var input in inputs)
        {
            var findings = result.Findings.Where(f => f.Rule.Id == ruleId && f.Location.File == input.Name).ToList();
            var source = InputLoader.Parse(input.Name, null, input.Text);
            if (findings.Count == 0 || findings.Any(f => f.Patch is null) || !source.Documents.All(d => d.IsTalos))
            {
                continue;
            }

            var patches = findings.Select(f => TalosPatchReader.Read(input.Name + " (fix)", f.Patch!)).ToList();
            var fixedText = TalosPatchApplier.Merge(source, patches);
            var others = inputs.Where(i => i != input).Select(i => InputLoader.Parse(i.Name, null, i.Text));
            var rescan = Scanner.Scan([.. others, InputLoader.Parse(input.Name, null, fixedText)], options);
            var still = Reported(rescan, ruleId).Where(place => place.File == input.Name).ToList();
            Assert.True(still.Count == 0,
                $"{input.Name}: after applying the {findings.Count} patch(es) {ruleId} offers, it still fires at {string.Join(", ", Sorted(still))}:\n{fixedText}");
        }
    }

    private static HashSet<(string File, int Line)> Reported(ScanResult result, string ruleId) =>
        [.. result.Findings.Where(f => f.Rule.Id == ruleId && !f.Suppressed).Select(f => (f.Location.File, f.Location.Line))];

    private static List<string> Sorted(IEnumerable<(string File, int Line)> places) =>
        [.. places.Select(p => $"{p.File}:{p.Line}").Order(StringComparer.Ordinal)];

    private static IEnumerable<(string File, int Line)> Markers(SampleInput input, string ruleId)
    {
        var lines = input.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (ExpectMarker().Match(lines[i]) is { Success: true } marker
                && marker.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(ruleId))
            {
                yield return (input.Name, i + 1);
            }
        }
    }

    private static List<SampleInput> Inputs(string sample)
    {
        var path = Path.Combine(Root, sample);
        if (!Directory.Exists(path))
        {
            return [new SampleInput(Path.GetFileName(path), File.ReadAllText(path))];
        }

        var files = Directory.EnumerateFiles(path, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => new SampleInput(Path.GetRelativePath(path, f).Replace('\\', '/'), File.ReadAllText(f))).ToList();
        Assert.True(files.Count > 0, $"{sample}: an input-set sample holds at least one .yaml file");
        return files;
    }

    private static ScanOptions Options(string firstText)
    {
        var options = new ScanOptions { Now = SampleNow };
        if (SampleDirective().Match(firstText) is not { Success: true } directive)
        {
            return options;
        }

        var words = directive.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words.Length % 2 == 0, $"'# sample:' takes option/value pairs: {directive.Value}");
        TalosVersion? talos = null, kubernetes = null;
        var networks = new List<IPNetwork>();
        for (var i = 0; i < words.Length; i += 2)
        {
            var value = words[i + 1];
            switch (words[i])
            {
                case "--talos-version":
                    talos = TalosVersion.Parse(value);
                    break;
                case "--kubernetes-version":
                    kubernetes = TalosVersion.Parse(value);
                    break;
                case "--management-network":
                    networks.Add(IPNetwork.Parse(value));
                    break;
                case "--now":
                    options = options with { Now = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) };
                    break;
                default:
                    Assert.Fail($"'# sample:' does not know {words[i]}");
                    break;
            }
        }

        return options with { Targets = new TargetOverrides(talos, kubernetes), ManagementNetworks = networks };
    }

    private static string? Kind(string name) =>
        name.StartsWith("fire", StringComparison.Ordinal) ? "fire"
        : name.StartsWith("pass", StringComparison.Ordinal) ? "pass"
        : name.StartsWith("fixed", StringComparison.Ordinal) ? "fixed"
        : null;

    [GeneratedRegex(@"#\s*expect:\s*(?<ids>TG-[A-Z0-9]+-\d{3}(\s*,\s*TG-[A-Z0-9]+-\d{3})*)\s*$")]
    private static partial Regex ExpectMarker();

    [GeneratedRegex(@"\A#\s*sample:(?<args>[^\n]*)")]
    private static partial Regex SampleDirective();

    private sealed record SampleInput(string Name, string Text);
}
