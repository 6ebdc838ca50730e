using Talguard.Findings;

namespace Talguard.Reports;

/// <summary>
/// <c>--format html</c>: one self-contained page for people and auditors (docs/output-formats.md). A summary by
/// severity and by guide section, a table per compliance framework of the controls the active findings touch, then
/// per file each finding with its place, message, controls, the redacted source lines around it
/// (<see cref="SourceExcerpts"/>) and its fix patch; suppressed findings, input errors, skipped files, targets and
/// notices follow. The same result gives the same bytes.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    /// <summary>The page's title and first heading.</summary>
    public string Title { get; init; } = "Talguard scan report";

    /// <summary>Where the source lines around each finding come from; none by default.</summary>
    public SourceExcerpts Sources { get; init; } = SourceExcerpts.None;

    /// <summary>How many active findings <c>--min-severity</c> left out of the result, said in the summary.</summary>
    public int HiddenBySeverityFilter { get; init; }

    internal static readonly (string Key, string Name, Func<RuleControls, IReadOnlyList<string>> Controls)[] Frameworks =
    [
        (RuleControls.CisKey, "CIS Kubernetes Benchmark v1.10", c => c.Cis),
        (RuleControls.PciDssKey, "PCI DSS v4.0", c => c.PciDss),
        (RuleControls.Soc2Key, "SOC 2 (Trust Services Criteria 2017)", c => c.Soc2),
    ];

    public void Write(ScanResult result, Stream output)
    {
        using var html = HtmlPage.Open(output);
        var active = result.Active.ToList();
        var anchors = HtmlPage.Anchors(active);
        HtmlPage.Start(html, Title,
            $"{ToolInfo.Name} {ToolInfo.Version} · Talos {result.TalosVersion}, Kubernetes {result.KubernetesVersion} · {HtmlPage.Files(result.Files.Count)} scanned");
        WriteSummary(html, result, active);
        WriteFrameworks(html, active, anchors);
        WriteFindings(html, active, anchors);
        WriteOthers(html, result);
        HtmlPage.End(html);
        html.Flush();
    }

    private void WriteSummary(TextWriter html, ScanResult result, List<Finding> active)
    {
        html.WriteLine("<section aria-labelledby=\"summary\">");
        html.WriteLine("<h2 id=\"summary\">Summary</h2>");
        var verdict = active.Count == 0 ? "No active findings." : $"{active.Count} active {(active.Count == 1 ? "finding" : "findings")}.";
        if (HiddenBySeverityFilter > 0)
        {
            verdict += $" {HiddenBySeverityFilter} below --min-severity not shown.";
        }

        html.WriteLine("<p id=\"verdict\">" + HtmlPage.Text(verdict) + "</p>");
        html.WriteLine("<table id=\"by-severity\">");
        html.WriteLine("<caption>Findings by severity</caption>");
        html.WriteLine("<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\" class=\"num\">Findings</th></tr></thead>");
        html.WriteLine("<tbody>");
        foreach (var severity in HtmlPage.SeveritiesDescending)
        {
            html.WriteLine($"<tr><th scope=\"row\">{HtmlPage.Badge(severity)}</th><td class=\"num\" data-severity=\"{severity.ToName()}\">{HtmlPage.Number(result.Count(severity))}</td></tr>");
        }

        html.WriteLine($"<tr><th scope=\"row\">suppressed</th><td class=\"num\" data-severity=\"suppressed\">{HtmlPage.Number(result.SuppressedCount)}</td></tr>");
        html.WriteLine("</tbody>");
        html.WriteLine("</table>");

        var sections = Section.All.Select(s => (Section: s, Findings: active.Where(f => f.Rule.Section == s).ToList())).Where(s => s.Findings.Count > 0).ToList();
        if (sections.Count == 0)
        {
            html.WriteLine("</section>");
            return;
        }

        html.WriteLine("<table id=\"by-section\">");
        html.WriteLine("<caption>Findings by guide section</caption>");
        html.Write("<thead><tr><th scope=\"col\">Section</th>");
        foreach (var severity in HtmlPage.SeveritiesDescending)
        {
            html.Write($"<th scope=\"col\" class=\"num\">{severity.ToName()}</th>");
        }

        html.WriteLine("<th scope=\"col\" class=\"num\">total</th></tr></thead>");
        html.WriteLine("<tbody>");
        foreach (var (section, findings) in sections)
        {
            html.Write($"<tr><th scope=\"row\">{HtmlPage.Text(section.Title)}</th>");
            foreach (var severity in HtmlPage.SeveritiesDescending)
            {
                html.Write($"<td class=\"num\">{HtmlPage.Number(findings.Count(f => f.Severity == severity))}</td>");
            }

            html.WriteLine($"<td class=\"num\">{HtmlPage.Number(findings.Count)}</td></tr>");
        }

        html.WriteLine("</tbody>");
        html.WriteLine("</table>");
        html.WriteLine("</section>");
    }

    private static void WriteFrameworks(TextWriter html, List<Finding> active, Dictionary<Finding, string> anchors)
    {
        if (active.Count == 0)
        {
            return;
        }

        html.WriteLine("<section aria-labelledby=\"frameworks\">");
        html.WriteLine("<h2 id=\"frameworks\">Compliance frameworks</h2>");
        html.WriteLine("<p>The controls the active findings give evidence against, from each rule's declared mapping.</p>");
        foreach (var (key, name, controlsOf) in Frameworks)
        {
            var controls = active
                .SelectMany(f => controlsOf(f.Rule.Controls).Select(control => (Control: control, Finding: f)))
                .GroupBy(c => c.Control, StringComparer.Ordinal)
                .OrderBy(g => g.Key, Comparer<string>.Create(HtmlPage.CompareControlIds))
                .ToList();
            html.WriteLine($"<table class=\"framework\" id=\"framework-{key}\">");
            html.WriteLine("<caption>" + HtmlPage.Text(name) + "</caption>");
            if (controls.Count == 0)
            {
                html.WriteLine("<tbody><tr><td>No finding touches a control of this framework.</td></tr></tbody>");
                html.WriteLine("</table>");
                continue;
            }

            html.WriteLine("<thead><tr><th scope=\"col\">Control</th><th scope=\"col\">Highest severity</th><th scope=\"col\" class=\"num\">Findings</th><th scope=\"col\">Rules</th></tr></thead>");
            html.WriteLine("<tbody>");
            foreach (var control in controls)
            {
                var findings = control.Select(c => c.Finding).ToList();
                var rules = findings.GroupBy(f => f.Rule.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => $"<a href=\"#{anchors[g.First()]}\">{HtmlPage.Text(g.Key)}</a>");
                html.WriteLine($"<tr><th scope=\"row\">{HtmlPage.Text(control.Key)}</th><td>{HtmlPage.Badge(findings.Max(f => f.Severity))}</td>" +
                    $"<td class=\"num\">{HtmlPage.Number(findings.Count)}</td><td>{string.Join(", ", rules)}</td></tr>");
            }

            html.WriteLine("</tbody>");
            html.WriteLine("</table>");
        }

        html.WriteLine("</section>");
    }

    private void WriteFindings(TextWriter html, List<Finding> active, Dictionary<Finding, string> anchors)
    {
        if (active.Count == 0)
        {
            return;
        }

        html.WriteLine("<section aria-labelledby=\"findings\">");
        html.WriteLine("<h2 id=\"findings\">Findings</h2>");
        foreach (var file in active.GroupBy(f => f.Location.File, StringComparer.Ordinal))
        {
            html.WriteLine("<h3>" + HtmlPage.Text(file.Key) + "</h3>");
            foreach (var finding in file)
            {
                WriteFinding(html, finding, anchors[finding], Sources);
            }
        }

        html.WriteLine("</section>");
    }

    /// <summary>One finding as an article: rule, message, place, controls, fix, redacted source lines and fix patch.</summary>
    internal static void WriteFinding(TextWriter html, Finding finding, string anchor, SourceExcerpts sources)
    {
        var rule = finding.Rule;
        html.WriteLine($"<article class=\"finding {finding.Severity.ToName()}\" id=\"{anchor}\" aria-labelledby=\"{anchor}-title\">");
        html.WriteLine($"<h4 id=\"{anchor}-title\">{HtmlPage.Badge(finding.Severity)} <code class=\"rule\">{HtmlPage.Text(rule.Id)}</code> {HtmlPage.Text(rule.Title)}</h4>");
        html.WriteLine("<p class=\"message\">" + HtmlPage.Text(finding.Message) + "</p>");
        html.WriteLine("<dl>");
        html.WriteLine("<dt>Place</dt><dd><code>" + HtmlPage.Text(finding.Location.Place) + "</code></dd>");
        if (finding.Location.Path.Length > 0)
        {
            html.WriteLine("<dt>Path</dt><dd><code>" + HtmlPage.Text(finding.Location.Path) + "</code></dd>");
        }

        if (finding.Object is { } reference)
        {
            var name = reference.Namespace.Length > 0 ? $"{reference.Kind}/{reference.Name} in namespace {reference.Namespace}" : $"{reference.Kind}/{reference.Name}";
            html.WriteLine("<dt>Object</dt><dd>" + HtmlPage.Text(name) + "</dd>");
        }

        html.WriteLine("<dt>Section</dt><dd>" + HtmlPage.Text(rule.Section.Title) + "</dd>");
        var controls = Frameworks.Select(f => (f.Name, Ids: f.Controls(rule.Controls))).Where(f => f.Ids.Count > 0).ToList();
        if (controls.Count > 0)
        {
            html.WriteLine("<dt>Controls</dt><dd>" + string.Join("; ", controls.Select(c => HtmlPage.Text(c.Name + ": " + string.Join(", ", c.Ids)))) + "</dd>");
        }

        html.WriteLine("<dt>Fix</dt><dd>" + HtmlPage.Text(rule.Remediation) + "</dd>");
        html.WriteLine("</dl>");
        var excerpt = sources.Around(finding.Location);
        if (excerpt.Count > 0)
        {
            html.WriteLine("<figure class=\"excerpt-figure\">");
            html.WriteLine($"<figcaption>Source: {HtmlPage.Text(finding.Location.File)}, lines {HtmlPage.Number(excerpt[0].Number)}–{HtmlPage.Number(excerpt[^1].Number)}</figcaption>");
            var lines = excerpt.Select(line =>
            {
                var text = $"<span class=\"number\">{HtmlPage.Number(line.Number)}</span>{HtmlPage.Text(line.Text)}";
                return line.Marked ? $"<mark class=\"line marked\">{text}</mark>" : $"<span class=\"line\">{text}</span>";
            });
            html.WriteLine("<pre class=\"excerpt\"><code>" + string.Concat(lines) + "</code></pre>");
            html.WriteLine("</figure>");
        }

        if (finding.Patch is { } patch)
        {
            html.WriteLine("<p><strong>Fix patch</strong></p>");
            html.Write("<div class=\"patch\">");
            HtmlPage.Preformatted(html, patch, "Fix patch for " + rule.Id);
            html.WriteLine("</div>");
        }

        html.WriteLine("</article>");
    }

    private static void WriteOthers(TextWriter html, ScanResult result)
    {
        var suppressed = result.Findings.Where(f => f.Suppressed).ToList();
        if (suppressed.Count > 0)
        {
            html.WriteLine("<section aria-labelledby=\"suppressed\">");
            html.WriteLine("<h2 id=\"suppressed\">Suppressed findings</h2>");
            html.WriteLine("<table>");
            html.WriteLine("<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Rule</th><th scope=\"col\">Place</th><th scope=\"col\">Reason</th></tr></thead>");
            html.WriteLine("<tbody>");
            foreach (var finding in suppressed)
            {
                html.WriteLine($"<tr><td>{HtmlPage.Badge(finding.Severity)}</td><td><code>{HtmlPage.Text(finding.Rule.Id)}</code></td>" +
                    $"<td><code>{HtmlPage.Text(finding.Location.Place)}</code></td><td>{HtmlPage.Text(finding.SuppressionReason ?? string.Empty)}</td></tr>");
            }

            html.WriteLine("</tbody>");
            html.WriteLine("</table>");
            html.WriteLine("</section>");
        }

        WriteList(html, "input-errors", "Input errors", result.Errors.Select(e => $"{e.File}{(e.Line > 0 ? ":" + HtmlPage.Number(e.Line) : string.Empty)}: {e.Message}"));
        WriteList(html, "skipped", "Skipped files", result.Skipped.Select(s => $"{s.File}: {s.Reason}"));
        WriteList(html, "notes", "Notes", [.. result.Targets.Select(t => $"target: Talos {t.TalosVersion}, Kubernetes {t.KubernetesVersion} for {t.File}{(t.Evidence.Length > 0 ? $" ({t.Evidence})" : string.Empty)}"), .. result.Notices]);
    }

    internal static void WriteList(TextWriter html, string id, string heading, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            return;
        }

        html.WriteLine($"<section aria-labelledby=\"{id}\">");
        html.WriteLine($"<h2 id=\"{id}\">{heading}</h2>");
        html.WriteLine("<ul>");
        foreach (var item in list)
        {
            html.WriteLine("<li>" + HtmlPage.Text(item) + "</li>");
        }

        html.WriteLine("</ul>");
        html.WriteLine("</section>");
    }
}
