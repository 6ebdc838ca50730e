using System.Globalization;
using System.Text;
using System.Xml;
using Talguard.Findings;

namespace Talguard.Reports;

/// <summary>
/// JUnit XML for CI test views (the Jenkins/Surefire shape): one suite per input file, one test case per
/// rule × file. A rule with an unsuppressed finding at or above <see cref="FailOn"/> fails, listing each
/// finding, so the failures are exactly what makes the exit code 1; findings below it pass with the
/// findings in <c>system-out</c>; a rule whose findings are all suppressed is skipped; an applicable rule
/// that did not fire passes. No timestamps. Characters XML 1.0 forbids (most C0 controls) are written as
/// visible escapes such as <c>\x01</c>, as no character reference may carry them. An input that could not be read or
/// parsed is a test case with an <c>error</c> in its file's suite.
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

    /// <summary>The <c>--fail-on</c> threshold; null (<c>none</c>) fails no test case.</summary>
    public Severity? FailOn { get; init; } = Severity.High;

    public void Write(ScanResult result, Stream output)
    {
        var suites = Suites(result, FailOn);
        using (var xml = XmlWriter.Create(output, Settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            Attribute(xml, "name", ToolInfo.Name);
            WriteCounts(xml, suites.SelectMany(s => s.Cases).ToList(), suites.Sum(s => s.Errors.Count));
            foreach (var suite in suites)
            {
                WriteSuite(xml, suite);
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        output.WriteByte((byte)'\n');
    }

    private sealed record TestCase(string File, RuleDescriptor Rule, IReadOnlyList<Finding> Findings, Severity? FailOn)
    {
        public IEnumerable<Finding> Active => Findings.Where(f => !f.Suppressed);

        public bool Failed => FailOn is { } threshold && Active.Any(f => f.Severity >= threshold);

        public bool Skipped => Findings.Count > 0 && !Active.Any();
    }

    private sealed record Suite(string File, IReadOnlyList<TestCase> Cases, IReadOnlyList<InputError> Errors);

    private static List<Suite> Suites(ScanResult result, Severity? failOn)
    {
        var byFile = result.Findings.ToLookup(f => f.Location.File, StringComparer.Ordinal);
        var errorsByFile = result.Errors.ToLookup(e => e.File, StringComparer.Ordinal);
        var files = result.Files.Concat(byFile.Select(g => g.Key)).Concat(errorsByFile.Select(g => g.Key)).Distinct().Order(StringComparer.Ordinal);
        var suites = new List<Suite>();
        foreach (var file in files)
        {
            var findings = byFile[file].ToList();
            var rules = result.RulesByFile.TryGetValue(file, out var applicable) ? applicable : [];
            var cases = rules.Concat(findings.Select(f => f.Rule)).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal)
                .Select(rule => new TestCase(file, rule, [.. findings.Where(f => f.Rule.Id == rule.Id)], failOn))
                .ToList();
            suites.Add(new Suite(file, cases, [.. errorsByFile[file]]));
        }

        return suites;
    }

    private static void WriteSuite(XmlWriter xml, Suite suite)
    {
        xml.WriteStartElement("testsuite");
        Attribute(xml, "name", suite.File);
        WriteCounts(xml, suite.Cases, suite.Errors.Count);
        Attribute(xml, "skipped", Number(suite.Cases.Count(c => c.Skipped)));
        Attribute(xml, "file", suite.File);
        foreach (var error in suite.Errors)
        {
            xml.WriteStartElement("testcase");
            Attribute(xml, "classname", suite.File);
            Attribute(xml, "name", "input");
            xml.WriteStartElement("error");
            Attribute(xml, "type", "input");
            Attribute(xml, "message", error.Line > 0 ? $"line {Number(error.Line)}: {error.Message}" : error.Message);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        foreach (var test in suite.Cases)
        {
            xml.WriteStartElement("testcase");
            Attribute(xml, "classname", test.File);
            Attribute(xml, "name", $"{test.Rule.Id} {test.Rule.Title}");
            if (test.Failed)
            {
                var active = test.Active.ToList();
                var worst = active.Max(f => f.Severity);
                xml.WriteStartElement("failure");
                Attribute(xml, "type", worst.ToName());
                Attribute(xml, "message", $"{active.Count} finding(s), highest severity {worst.ToName()}: {active[0].Message}");
                xml.WriteString(DisplayText.ForXml(FindingsText(test)));
                xml.WriteEndElement();
            }
            else if (test.Skipped)
            {
                xml.WriteStartElement("skipped");
                Attribute(xml, "message", "suppressed: " + test.Findings[0].SuppressionReason);
                xml.WriteEndElement();
            }
            else if (test.Findings.Count > 0)
            {
                xml.WriteElementString("system-out", DisplayText.ForXml("below the --fail-on threshold:\n" + FindingsText(test)));
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteCounts(XmlWriter xml, IReadOnlyList<TestCase> cases, int errors)
    {
        Attribute(xml, "tests", Number(cases.Count + errors));
        Attribute(xml, "failures", Number(cases.Count(c => c.Failed)));
        Attribute(xml, "errors", Number(errors));
    }

    /// <summary>One line per finding, <c>file:line:column path [severity] message</c>, then the remediation.</summary>
    private static string FindingsText(TestCase test)
    {
        var text = new StringBuilder();
        foreach (var finding in test.Findings)
        {
            var location = finding.Location;
            text.Append(location.File);
            if (location.Line > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $":{location.Line}:{location.Column}");
            }

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

    /// <summary>Every attribute goes through here: file names, messages and reasons may hold characters XML 1.0 cannot carry.</summary>
    private static void Attribute(XmlWriter xml, string name, string value) => xml.WriteAttributeString(name, DisplayText.ForXml(value));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
