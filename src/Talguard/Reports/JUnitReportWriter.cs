using System.Globalization;
using System.Text;
using System.Xml;
using Talguard.Findings;

namespace Talguard.Reports;

/// <summary>
/// JUnit XML for CI test views (the Jenkins/Surefire shape): one suite per input file, one test case per
/// rule × file. A rule with unsuppressed findings on a file fails, listing each finding; a rule whose
/// findings are all suppressed is skipped; an applicable rule that did not fire passes. No timestamps.
/// </summary>
public sealed class JUnitReportWriter : IReportWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
    };

    public void Write(ScanResult result, Stream output)
    {
        var suites = Suites(result);
        using (var xml = XmlWriter.Create(output, Settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", ToolInfo.Name);
            WriteCounts(xml, suites.SelectMany(s => s.Cases).ToList());
            foreach (var suite in suites)
            {
                WriteSuite(xml, suite);
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        output.WriteByte((byte)'\n');
    }

    private sealed record TestCase(string File, RuleDescriptor Rule, IReadOnlyList<Finding> Findings)
    {
        public IEnumerable<Finding> Active => Findings.Where(f => !f.Suppressed);

        public bool Failed => Active.Any();

        public bool Skipped => Findings.Count > 0 && !Failed;
    }

    private sealed record Suite(string File, IReadOnlyList<TestCase> Cases);

    private static List<Suite> Suites(ScanResult result)
    {
        var files = result.Files.Concat(result.Findings.Select(f => f.Location.File)).Distinct().Order(StringComparer.Ordinal);
        var suites = new List<Suite>();
        foreach (var file in files)
        {
            var findings = result.Findings.Where(f => f.Location.File == file).ToList();
            var rules = result.RulesByFile.TryGetValue(file, out var applicable) ? applicable : [];
            var cases = rules.Concat(findings.Select(f => f.Rule)).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal)
                .Select(rule => new TestCase(file, rule, [.. findings.Where(f => f.Rule.Id == rule.Id)]))
                .ToList();
            suites.Add(new Suite(file, cases));
        }

        return suites;
    }

    private static void WriteSuite(XmlWriter xml, Suite suite)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", suite.File);
        WriteCounts(xml, suite.Cases);
        xml.WriteAttributeString("skipped", Number(suite.Cases.Count(c => c.Skipped)));
        xml.WriteAttributeString("file", suite.File);
        foreach (var test in suite.Cases)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", test.File);
            xml.WriteAttributeString("name", $"{test.Rule.Id} {test.Rule.Title}");
            if (test.Failed)
            {
                var active = test.Active.ToList();
                var worst = active.Max(f => f.Severity);
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("type", worst.ToName());
                xml.WriteAttributeString("message", $"{active.Count} finding(s), highest severity {worst.ToName()}: {active[0].Message}");
                xml.WriteString(FailureText(test));
                xml.WriteEndElement();
            }
            else if (test.Skipped)
            {
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", "suppressed: " + test.Findings[0].SuppressionReason);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteCounts(XmlWriter xml, IReadOnlyList<TestCase> cases)
    {
        xml.WriteAttributeString("tests", Number(cases.Count));
        xml.WriteAttributeString("failures", Number(cases.Count(c => c.Failed)));
        xml.WriteAttributeString("errors", "0");
    }

    /// <summary>One line per finding, <c>file:line:column path [severity] message</c>, then the remediation.</summary>
    private static string FailureText(TestCase test)
    {
        var text = new StringBuilder();
        foreach (var finding in test.Findings)
        {
            var location = finding.Location;
            text.Append(CultureInfo.InvariantCulture, $"{location.File}:{location.Line}:{location.Column}");
            if (location.Path.Length > 0)
            {
                text.Append(' ').Append(location.Path);
            }

            text.Append(" [").Append(finding.Severity.ToName()).Append("] ").Append(finding.Message);
            if (finding.SuppressionReason is { } reason)
            {
                text.Append(" (suppressed: ").Append(reason).Append(')');
            }

            text.Append('\n');
        }

        return text.Append("Remediation: ").Append(test.Rule.Remediation).Append('\n').ToString();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
