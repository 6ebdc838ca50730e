using Talguard.Findings;
using Talguard.Hardening.PodSecurity;
using Talguard.Reports;

namespace Talguard.Cli.Rendering;

/// <summary>
/// <c>talguard pss</c> as text: one line per object and violated policy, worded as the API server's
/// denial (enforce, explicit) or warning (audit, warn), then notices and a summary, each wrapped at spaces to the
/// <paramref name="style"/>'s width (the findings table's: terminal, <c>COLUMNS</c>, else 80); control characters
/// from the inputs are escaped, names and details shortened as a finding's are. With <paramref name="minSeverity"/>
/// (<c>--min-severity</c>), a line is shown only when the finding it stands for (TG-PSS-006 for the enforced level,
/// TG-PSS-007 for audit and warn) is at least that severe; the summary still counts every workload.
/// </summary>
public static class PssTableWriter
{
    public static void Write(PssReport report, Stream output, Severity? minSeverity = null, TerminalStyle? style = null)
    {
        var width = (style ?? TerminalStyle.Plain).Width;
        // Replacing, not throwing, on a lone surrogate: a finding's text must never abort the report.
        using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        var enforced = 0;
        var advisory = 0;
        var hidden = 0;
        foreach (var group in report.Evaluations.GroupBy(e => e.Workload))
        {
            var printed = new HashSet<LevelVersion>();
            var failedEnforce = false;
            foreach (var evaluation in group.Where(e => !e.Result.Allowed))
            {
                var isEnforced = evaluation.Mode is PssMode.Enforce or PssMode.Explicit;
                failedEnforce |= isEnforced;
                var severity = (isEnforced ? Hardening.PodSecurity.Rules.EnforceViolationRule.Definition : Hardening.PodSecurity.Rules.AuditWarnViolationRule.Definition).Severity;
                if (severity < minSeverity)
                {
                    hidden += printed.Add(evaluation.Result.LevelVersion) ? 1 : 0;
                }
                else if (printed.Add(evaluation.Result.LevelVersion))
                {
                    var verb = isEnforced ? "violates" : "would violate";
                    var workload = DisplayText.Shorten(ClusterPodSecurity.Describe(group.Key), Finding.MaxNameChars);
                    var detail = DisplayText.Shorten(evaluation.Result.ForbiddenDetail, Finding.MaxMessageChars);
                    WriteWrapped(writer, DisplayText.ForTerminal($"{workload}: {verb} PodSecurity \"{evaluation.Result.LevelVersion}\": {detail}"), width, "    ");
                }
            }

            if (failedEnforce)
            {
                enforced++;
            }
            else if (printed.Count > 0)
            {
                advisory++;
            }
        }

        foreach (var notice in report.Notices)
        {
            WriteWrapped(writer, "note: " + DisplayText.ForTerminal(notice), width, "      ");
        }

        var evaluated = report.Evaluations.Select(e => e.Workload).Distinct().Count();
        WriteWrapped(
            writer,
            $"{evaluated} workload(s) evaluated: {enforced} violate the enforced level, {advisory} only the audit/warn level, " +
            $"{evaluated - enforced - advisory} allowed; admission defaults from {DisplayText.ForTerminal(report.Admission.Source)}" +
            (hidden > 0 ? $"; {hidden} line(s) below {minSeverity!.Value.ToName()} not shown" : string.Empty),
            width,
            "  ");
    }

    private static void WriteWrapped(StreamWriter writer, string text, int width, string nextIndent)
    {
        foreach (var line in TextLayout.Wrap(text, width, string.Empty, nextIndent))
        {
            writer.WriteLine(line);
        }
    }
}
