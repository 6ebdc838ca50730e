using System.Globalization;
using Talguard.Compliance;
using Talguard.Findings;

namespace Talguard.Reports;

/// <summary>
/// <c>compliance --format html</c>: one self-contained page for an auditor. The score and the controls by status,
/// by section of the framework and the findings by severity; then one table of every control (status, mapped rules,
/// evidence or the reason, attestation); then each finding behind a failing control with its redacted source lines
/// and fix patch (as <see cref="HtmlReportWriter"/> shows it), and the notices. The same report gives the same bytes.
/// </summary>
public sealed class ComplianceHtmlWriter
{
    /// <summary>Where the source lines around each finding come from; none by default.</summary>
    public SourceExcerpts Sources { get; init; } = SourceExcerpts.None;

    private static readonly ControlStatus[] Statuses = [ControlStatus.Pass, ControlStatus.Fail, ControlStatus.NotApplicable, ControlStatus.Manual];

    public void Write(ComplianceReport report, Stream output)
    {
        using var html = HtmlPage.Open(output);
        var framework = report.Framework;
        var title = $"Talguard compliance report: {framework.Title} {framework.Version}";
        var findings = report.Controls.SelectMany(c => c.Findings).Distinct(ReferenceEqualityComparer.Instance).Cast<Finding>().ToList();
        findings.Sort(Finding.Compare);
        var anchors = HtmlPage.Anchors(findings);
        HtmlPage.Start(html, title,
            $"{ToolInfo.Name} {ToolInfo.Version} · framework {framework.Id} · Talos {report.Scan.TalosVersion}, Kubernetes {report.Scan.KubernetesVersion} · {HtmlPage.Files(report.Scan.Files.Count)} read");
        WriteSummary(html, report, findings);
        WriteControls(html, report, anchors);
        if (findings.Count > 0)
        {
            html.WriteLine("<section aria-labelledby=\"findings\">");
            html.WriteLine("<h2 id=\"findings\">Findings behind failing controls</h2>");
            foreach (var file in findings.GroupBy(f => f.Location.File, StringComparer.Ordinal))
            {
                html.WriteLine("<h3>" + HtmlPage.Text(file.Key) + "</h3>");
                foreach (var finding in file)
                {
                    HtmlReportWriter.WriteFinding(html, finding, anchors[finding], Sources);
                }
            }

            html.WriteLine("</section>");
        }

        HtmlReportWriter.WriteList(html, "input-errors", "Input errors", report.Scan.Errors.Select(e => $"{e.File}{(e.Line > 0 ? ":" + HtmlPage.Number(e.Line) : string.Empty)}: {e.Message}"));
        HtmlReportWriter.WriteList(html, "notes", "Notes", [.. report.Notices, .. report.Scan.Notices]);
        HtmlPage.End(html);
        html.Flush();
    }

    private static string StatusBadge(ControlStatus status) => $"<span class=\"badge {status.ToName()}\">{status.ToName()}</span>";

    private static void WriteSummary(TextWriter html, ComplianceReport report, List<Finding> findings)
    {
        html.WriteLine("<section aria-labelledby=\"summary\">");
        html.WriteLine("<h2 id=\"summary\">Summary</h2>");
        html.WriteLine("<p id=\"score\">" + HtmlPage.Text(string.Create(CultureInfo.InvariantCulture,
            $"Score {report.Score:0.0###}: {report.Count(ControlStatus.Pass)} of the {report.Count(ControlStatus.Pass) + report.Count(ControlStatus.Fail)} controls with a verdict pass (not-applicable and manual controls are not scored).")) + "</p>");
        html.WriteLine("<table id=\"by-status\">");
        html.WriteLine("<caption>Controls by status</caption>");
        html.WriteLine("<thead><tr><th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Controls</th></tr></thead>");
        html.WriteLine("<tbody>");
        foreach (var status in Statuses)
        {
            html.WriteLine($"<tr><th scope=\"row\">{StatusBadge(status)}</th><td class=\"num\" data-status=\"{status.ToName()}\">{HtmlPage.Number(report.Count(status))}</td></tr>");
        }

        html.WriteLine("</tbody>");
        html.WriteLine("</table>");

        var sections = report.Controls.GroupBy(c => (c.Section, c.SectionTitle)).ToList();
        if (sections.Count > 1 || sections.Any(s => s.Key.Section.Length > 0))
        {
            html.WriteLine("<table id=\"by-section\">");
            html.WriteLine("<caption>Controls by section</caption>");
            html.Write("<thead><tr><th scope=\"col\">Section</th>");
            foreach (var status in Statuses)
            {
                html.Write($"<th scope=\"col\" class=\"num\">{status.ToName()}</th>");
            }

            html.WriteLine("</tr></thead>");
            html.WriteLine("<tbody>");
            foreach (var section in sections)
            {
                var name = section.Key.SectionTitle.Length > 0 ? $"{section.Key.Section} {section.Key.SectionTitle}" : section.Key.Section;
                html.Write($"<tr><th scope=\"row\">{HtmlPage.Text(name)}</th>");
                foreach (var status in Statuses)
                {
                    html.Write($"<td class=\"num\">{HtmlPage.Number(section.Count(c => c.Status == status))}</td>");
                }

                html.WriteLine("</tr>");
            }

            html.WriteLine("</tbody>");
            html.WriteLine("</table>");
        }

        html.WriteLine("<table id=\"by-severity\">");
        html.WriteLine("<caption>Findings behind failing controls, by severity</caption>");
        html.WriteLine("<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\" class=\"num\">Findings</th></tr></thead>");
        html.WriteLine("<tbody>");
        foreach (var severity in HtmlPage.SeveritiesDescending)
        {
            html.WriteLine($"<tr><th scope=\"row\">{HtmlPage.Badge(severity)}</th><td class=\"num\" data-severity=\"{severity.ToName()}\">{HtmlPage.Number(findings.Count(f => f.Severity == severity))}</td></tr>");
        }

        html.WriteLine("</tbody>");
        html.WriteLine("</table>");
        html.WriteLine("</section>");
    }

    private static void WriteControls(TextWriter html, ComplianceReport report, Dictionary<Finding, string> anchors)
    {
        html.WriteLine("<section aria-labelledby=\"controls\">");
        html.WriteLine("<h2 id=\"controls\">Controls</h2>");
        html.WriteLine($"<table id=\"framework-{HtmlPage.Text(report.Framework.Id)}\" class=\"framework\">");
        html.WriteLine("<caption>" + HtmlPage.Text($"{report.Framework.Title} {report.Framework.Version}: every control") + "</caption>");
        html.WriteLine("<thead><tr><th scope=\"col\">Control</th><th scope=\"col\">Title</th><th scope=\"col\">Status</th><th scope=\"col\">Rules</th><th scope=\"col\">Evidence</th></tr></thead>");
        html.WriteLine("<tbody>");
        foreach (var control in report.Controls)
        {
            html.Write($"<tr id=\"control-{HtmlPage.Text(control.Id)}\"><th scope=\"row\">{HtmlPage.Text(control.Id)}</th><td>{HtmlPage.Text(control.Title)}</td>");
            html.Write($"<td>{StatusBadge(control.Status)}</td>");
            html.Write("<td>" + HtmlPage.Text(string.Join(", ", control.RuleIds)) + "</td>");
            html.Write("<td>");
            var items = new List<string>();
            if (control.Reason is { } reason)
            {
                items.Add(HtmlPage.Text(reason));
            }

            items.AddRange(control.Evidence.Select(e => HtmlPage.Text(e.Text)));
            if (control.Attestation is { } attestation)
            {
                var expiry = attestation.Expiry is { } until ? ", expires " + until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty;
                items.Add(HtmlPage.Text($"attested {attestation.Status.ToName()} by {attestation.Owner} on {attestation.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{expiry}: {attestation.Evidence}"));
            }

            items.AddRange(control.Findings.Select(f =>
                $"{HtmlPage.Badge(f.Severity)} <a href=\"#{anchors[f]}\">{HtmlPage.Text(f.Rule.Id)}</a> <code>{HtmlPage.Text(f.Location.Place)}</code>"));
            if (items.Count > 0)
            {
                html.Write("<ul>" + string.Concat(items.Select(i => "<li>" + i + "</li>")) + "</ul>");
            }

            html.WriteLine("</td></tr>");
        }

        html.WriteLine("</tbody>");
        html.WriteLine("</table>");
        html.WriteLine("</section>");
    }
}
