using System.Globalization;
using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Reports;
using Talguard.Services;

namespace Talguard.Cli.Rendering;

/// <summary>What <c>audit detect</c> says on standard error beside its alerts: the problems found in the logs and a per-rule summary.</summary>
public static class AuditDetectSummary
{
    /// <summary>
    /// One <c>talguard: FILE:LINE: reason</c> line per problem kept (the first <see cref="AuditDetectService.ProblemsKeptPerLog"/>
    /// of each log), then how many more there were.
    /// </summary>
    public static void WriteProblems(TextWriter stderr, AuditDetectResult result)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(result);
        foreach (var log in result.Logs)
        {
            foreach (var problem in log.FirstProblems)
            {
                stderr.WriteLine(DisplayText.ForTerminal($"talguard: {problem.File}:{problem.Line}: {problem.Reason}"));
            }

            if (log.Problems > log.FirstProblems.Count)
            {
                stderr.WriteLine(DisplayText.ForTerminal($"talguard: {log.File}: {log.Problems - log.FirstProblems.Count} more lines without an audit event not shown"));
            }

            if (log.Unreadable)
            {
                stderr.WriteLine(DisplayText.ForTerminal($"talguard: {log.File}: no audit event found: not a Kubernetes audit log"));
            }
        }
    }

    /// <summary>The rules that fired, most severe first, and one line of totals.</summary>
    public static void WriteTable(TextWriter stderr, AuditDetectResult result)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(result);
        var fired = result.Rules.Where(r => r.Alerts > 0).ToList();
        if (fired.Count > 0)
        {
            var ruleWidth = Math.Max("RULE".Length, fired.Max(r => r.Rule.Length));
            var priorityWidth = Math.Max("PRIORITY".Length, fired.Max(r => r.Priority.FalcoName().Length));
            var countWidth = Math.Max("ALERTS".Length, fired.Max(r => Count(r.Alerts).Length));
            stderr.WriteLine($"{"RULE".PadRight(ruleWidth)}  {"PRIORITY".PadRight(priorityWidth)}  {"ALERTS".PadLeft(countWidth)}");
            foreach (var rule in fired)
            {
                stderr.WriteLine(DisplayText.ForTerminal($"{rule.Rule.PadRight(ruleWidth)}  {rule.Priority.FalcoName().PadRight(priorityWidth)}  {Count(rule.Alerts).PadLeft(countWidth)}"));
            }
        }

        var logs = result.Logs.Count == 1 ? "1 log" : $"{result.Logs.Count} logs";
        var problems = result.Problems == 0 ? string.Empty : $", {Count(result.Problems)} {(result.Problems == 1 ? "line" : "lines")} without an audit event";
        stderr.WriteLine($"{Count(result.Alerts)} {(result.Alerts == 1 ? "alert" : "alerts")} from {Count(result.Events)} {(result.Events == 1 ? "event" : "events")} in {logs}{problems}; {result.Rules.Count} rules evaluated");
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
