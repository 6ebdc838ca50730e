using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Talguard.Cli.Rendering;
using Talguard.Findings;
using Talguard.Hardening.PodSecurity;
using Talguard.Model;
using Talguard.Reports;

namespace Talguard.Tests.Fuzzing;

/// <summary>
/// Every report writer over findings whose messages, paths, file names, reasons and notices hold hostile text
/// (controls, XML-forbidden characters, lone surrogates, bidi overrides, terminal escapes, Spectre markup, very
/// long runs): no exception, and output a consumer can read (JSON and SARIF parse, JUnit parses as XML, the
/// tables carry no raw control character).
/// </summary>
public sealed class WriterFuzzTests(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<RuleDescriptor> Rules = RuleCatalog.Descriptors;

    [Fact]
    public void Json_writer_output_always_parses() =>
        FuzzWriter("json", 301, 1000, new JsonReportWriter(), bytes => JsonDocument.Parse(bytes).Dispose());

    [Fact]
    public void Sarif_writer_output_always_parses() =>
        FuzzWriter("sarif", 302, 1000, new SarifReportWriter(), bytes =>
        {
            using var sarif = JsonDocument.Parse(bytes);
            Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        });

    [Fact]
    public void Junit_writer_output_always_parses_as_xml() =>
        FuzzWriter("junit", 303, 1000, new JUnitReportWriter(), bytes => XDocument.Load(new MemoryStream(bytes)));

    [Fact]
    public void Table_writer_never_throws() =>
        FuzzWriter("table", 304, 600, new TableReportWriter(), _ => { });

    [Fact]
    public void Table_writer_prints_no_raw_control_characters() =>
        FuzzWriter("table-controls", 305, 600, new TableReportWriter(), AssertNoRawControls);

    [Fact]
    public void Pss_table_writer_prints_hostile_workload_names_without_raw_control_characters() =>
        output.WriteLine(FuzzHarness.Run("pss-table", 306, FuzzHarness.Iterations(1000), HostilePod, text =>
        {
            // An explicit level, so every pod is judged and printed (the admission defaults allow everything).
            var report = ClusterPodSecurity.Evaluate(new ClusterModel([InputLoader.Parse("pods.yaml", null, text)]), new PssOptions { Level = PodSecurityLevel.Restricted });
            using var table = new MemoryStream();
            PssTableWriter.Write(report, table);
            AssertNoRawControls(table.ToArray());
        }, FuzzSeeds.Bytes).ToString());

    private void FuzzWriter(string target, int seed, int ciCount, IReportWriter writer, Action<byte[]> wellFormed) =>
        output.WriteLine(FuzzHarness.Run(target, seed, FuzzHarness.Iterations(ciCount), HostileResult, result =>
        {
            using var rendered = new MemoryStream();
            writer.Write(result, rendered);
            wellFormed(rendered.ToArray());
        }, Describe).ToString());

    /// <summary>Only newline (and tab) may reach a terminal; everything else below U+0020, DEL and C1 must be escaped.</summary>
    private static void AssertNoRawControls(byte[] utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var at = text.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        while (at >= 0 && text[at] is '\n' or '\t')
        {
            var next = text.AsSpan(at + 1).IndexOfAnyInRange('\0', '\u001f');
            at = next < 0 ? -1 : at + 1 + next;
        }

        var c1 = text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        var first = at < 0 ? c1 : c1 < 0 ? at : Math.Min(at, c1);
        if (first >= 0)
        {
            throw new InvalidOperationException($"raw control character U+{(int)text[first]:X4} at offset {first} of the table output");
        }
    }

    private static ScanResult HostileResult(Random random)
    {
        var files = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(3) == 0 ? HostileStrings.Next(random) : "cluster/cp.yaml").ToList();
        var findings = new List<Finding>();
        for (var i = random.Next(0, 6); i > 0; i--)
        {
            var location = new Location(
                files[random.Next(files.Count)], Edge(random), Edge(random), random.Next(2) == 0 ? 0 : long.MaxValue, random.Next(3),
                random.Next(2) == 0 ? "Pod" : HostileStrings.Next(random), random.Next(2) == 0 ? "spec.containers[0]" : HostileStrings.Next(random));
            var finding = new Finding(Rules[random.Next(Rules.Count)], (Severity)random.Next(Enum.GetValues<Severity>().Length), HostileStrings.Next(random), location,
                random.Next(2) == 0 ? null : new ObjectReference(HostileStrings.Next(random), "Pod", HostileStrings.Next(random), HostileStrings.Next(random)),
                random.Next(2) == 0 ? null : HostileStrings.Next(random));
            if (random.Next(3) == 0)
            {
                finding = finding with { Suppression = new Suppression((SuppressionKind)random.Next(2), HostileStrings.Next(random), random.Next(2) == 0 ? null : HostileStrings.Next(random)) };
            }

            findings.Add(finding);
        }

        findings.Sort(Finding.Compare);
        var notices = Enumerable.Range(0, random.Next(3)).Select(_ => HostileStrings.Next(random)).ToList();
        return new ScanResult(findings, new TalosVersion(1, 13), new TalosVersion(1, 34), notices, files)
        {
            RulesByFile = files.Distinct().ToDictionary(f => f, _ => (IReadOnlyList<RuleDescriptor>)[.. Rules.Take(random.Next(1, 5))], StringComparer.Ordinal),
        };
    }

    private static int Edge(Random random) => random.Next(6) switch
    {
        0 => 0,
        1 => int.MaxValue,
        _ => random.Next(1, 5000),
    };

    /// <summary>A pod whose name, namespace, container names and image are hostile strings, written as YAML escapes.</summary>
    private static string HostilePod(Random random) =>
        $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {Quoted(HostileStrings.Next(random))}\n  namespace: {Quoted(HostileStrings.Next(random))}\n" +
        $"spec:\n  hostPID: true\n  containers:\n    - name: {Quoted(HostileStrings.Next(random))}\n      image: {Quoted(HostileStrings.Next(random))}\n" +
        $"      securityContext:\n        privileged: true\n        capabilities:\n          add: [{Quoted(HostileStrings.Next(random))}]\n";

    /// <summary>A YAML double-quoted scalar: every character outside printable ASCII as an escape.</summary>
    private static string Quoted(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c is >= ' ' and < '\u007f' and not '"' and not '\\' ? c.ToString() : "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }

        return builder.Append('"').ToString();
    }

    private static byte[] Describe(ScanResult result) =>
        Encoding.UTF8.GetBytes(string.Join("\n---\n", result.Findings.Select(f => $"{f.RuleId}|{f.Location}|{f.Message}|{f.Patch}|{f.SuppressionReason}").Concat(result.Notices)));
}
