using System.Globalization;
using System.Text;
using Talguard.Findings;

namespace Talguard.Reports;

/// <summary>
/// What the HTML reports share: one self-contained page (inline CSS, no script, no external asset, so it reads
/// offline and prints), escaping of every text from inputs, and the severity badges. Text is escaped for HTML
/// (<c>&amp; &lt; &gt; " '</c>) after control characters became visible escapes, so no input can open a tag, end a
/// comment or a <c>&lt;style&gt;</c> block, or reorder the text it sits in.
/// </summary>
internal static class HtmlPage
{
    /// <summary>Light theme with WCAG AA contrast (4.5:1 or more for every text and badge), and a print layout without backgrounds to spare ink.</summary>
    private const string Style = """
        :root{color-scheme:light;--text:#1b1b1b;--muted:#4d4d4d;--line:#c8c8c8;--panel:#f4f4f4;--mark:#fff3b0}
        *{box-sizing:border-box}
        body{margin:0 auto;max-width:72rem;padding:1.5rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--text);background:#fff}
        h1{font-size:1.6rem;margin:0 0 .25rem}
        h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
        h3{font-size:1.1rem;margin:1.5rem 0 .5rem;word-break:break-all}
        h4{font-size:1rem;margin:0 0 .4rem}
        p{margin:.3rem 0}
        .meta{color:var(--muted);margin:0}
        table{border-collapse:collapse;margin:.5rem 0 1rem;min-width:20rem}
        caption{text-align:left;font-weight:600;padding:.2rem 0}
        th,td{border:1px solid var(--line);padding:.25rem .6rem;text-align:left;vertical-align:top}
        thead th{background:var(--panel)}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;font-size:.88rem}
        pre{background:var(--panel);border:1px solid var(--line);padding:.5rem .7rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:.3rem 0}
        .finding{border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:4px;padding:.7rem 1rem;margin:0 0 1rem;break-inside:avoid}
        .finding.critical{border-left-color:#7a0019}.finding.high{border-left-color:#b3261e}.finding.medium{border-left-color:#8a4b00}.finding.low{border-left-color:#005a9c}.finding.info{border-left-color:#4d4d4d}
        .badge{display:inline-block;min-width:4.6rem;text-align:center;border-radius:3px;padding:0 .4rem;color:#fff;font-size:.8rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em}
        .badge.critical{background:#7a0019}.badge.high{background:#b3261e}.badge.medium{background:#8a4b00}.badge.low{background:#005a9c}.badge.info{background:#4d4d4d}
        .badge.pass{background:#1e6b30}.badge.fail{background:#b3261e}.badge.not-applicable{background:#4d4d4d}.badge.manual{background:#5b3a8c}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.4rem 0}
        dt{font-weight:600;color:var(--muted)}dd{margin:0;word-break:break-word}
        .excerpt .line{display:block}
        .excerpt .marked{background:var(--mark);font-weight:700}
        .excerpt .number{display:inline-block;min-width:3.5rem;color:var(--muted);user-select:none}
        footer{margin-top:2rem;color:var(--muted);font-size:.85rem}
        @media print{
          body{max-width:none;padding:0;font-size:11pt}
          .finding{border-left-width:4px}
          pre{white-space:pre-wrap}
          a{color:inherit;text-decoration:none}
          h2,h3,h4{break-after:avoid}
          table,tr{break-inside:avoid}
          .badge{color:#000;background:none !important;border:1px solid #000}
        }
        """;

    public static StreamWriter Open(Stream output) =>
        new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };

    /// <summary>Anchor ids for the findings a page lists, in their order (<c>finding-1</c>, ...), so tables can link to them.</summary>
    public static Dictionary<Finding, string> Anchors(IReadOnlyList<Finding> findings)
    {
        var anchors = new Dictionary<Finding, string>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < findings.Count; i++)
        {
            anchors[findings[i]] = "finding-" + Number(i + 1);
        }

        return anchors;
    }

    /// <summary>The document head, the page header (title and one line of what was read) and the opening of <c>main</c>.</summary>
    public static void Start(TextWriter html, string title, string meta)
    {
        html.WriteLine("<!DOCTYPE html>");
        html.WriteLine("<html lang=\"en\">");
        html.WriteLine("<head>");
        html.WriteLine("<meta charset=\"utf-8\">");
        html.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.WriteLine("<meta name=\"generator\" content=\"" + Text(ToolInfo.Name + " " + ToolInfo.Version) + "\">");
        html.WriteLine("<title>" + Text(title) + "</title>");
        html.WriteLine("<style>");
        html.WriteLine(Style);
        html.WriteLine("</style>");
        html.WriteLine("</head>");
        html.WriteLine("<body>");
        html.WriteLine("<header>");
        html.WriteLine("<h1>" + Text(title) + "</h1>");
        html.WriteLine("<p class=\"meta\">" + Text(meta) + "</p>");
        html.WriteLine("</header>");
        html.WriteLine("<main>");
    }

    /// <summary>The file count as the page's meta line says it (<c>1 file</c>, <c>2 files</c>).</summary>
    public static string Files(int count) => count == 1 ? "1 file" : Number(count) + " files";

    /// <summary>Closes <c>main</c> and writes the footer.</summary>
    public static void End(TextWriter html)
    {
        html.WriteLine("</main>");
        html.WriteLine("<footer>");
        html.WriteLine("<p>Written by " + Text(ToolInfo.Name) + " " + Text(ToolInfo.Version) + ". Secrets in the inputs are shown as " + Text(Evidence.Collection.EvidenceRedaction.Marker) + ".</p>");
        html.WriteLine("</footer>");
        html.WriteLine("</body>");
        html.WriteLine("</html>");
    }

    /// <summary>Text from anywhere as HTML character data or an attribute value: controls as visible escapes, then the HTML specials as entities.</summary>
    public static string Text(string text)
    {
        var visible = DisplayText.ForTerminal(text);
        var escaped = new StringBuilder(visible.Length + 16);
        foreach (var c in visible)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '"' => escaped.Append("&quot;"),
                '\'' => escaped.Append("&#39;"),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Badge(Severity severity) => $"<span class=\"badge {severity.ToName()}\">{severity.ToName()}</span>";

    public static readonly Severity[] SeveritiesDescending = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info];

    /// <summary>A YAML patch or other multi-line text as a preformatted block, each line escaped.</summary>
    public static void Preformatted(TextWriter html, string text, string label)
    {
        var lines = text.TrimEnd('\n').Split('\n').Select(l => Text(l.TrimEnd('\r')));
        html.WriteLine($"<pre aria-label=\"{Text(label)}\"><code>{string.Join("\n", lines)}</code></pre>");
    }

    /// <summary>Control IDs in reading order: numeric parts as numbers (1.2.10 after 1.2.9), others ordinally (CC6.1).</summary>
    public static int CompareControlIds(string? a, string? b)
    {
        var left = (a ?? string.Empty).Split('.');
        var right = (b ?? string.Empty).Split('.');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var order = int.TryParse(left[i], NumberStyles.None, CultureInfo.InvariantCulture, out var x) && int.TryParse(right[i], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
                ? x.CompareTo(y)
                : string.CompareOrdinal(left[i], right[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return left.Length.CompareTo(right.Length);
    }
}
