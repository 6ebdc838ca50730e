using System.Text.Json;
using Talguard.Formats;
using Talguard.Hardening.AuditLogging.Detection;

namespace Talguard.Services;

/// <summary>What <c>talguard audit detect LOG...</c> asks for.</summary>
public sealed record AuditDetectRequest(IReadOnlyList<string> Logs)
{
    /// <summary>Falco rules files loaded after the built-in rules, in order (they may append to or override them).</summary>
    public IReadOnlyList<string> RulesFiles { get; init; } = [];

    /// <summary>False leaves the built-in rules out: only <see cref="RulesFiles"/> are evaluated.</summary>
    public bool BuiltInRules { get; init; } = true;

    /// <summary>Standard input, for a log named <c>-</c>.</summary>
    public Func<Stream> StandardInput { get; init; } = () => Stream.Null;

    /// <summary>Threads that parse and evaluate; alerts come out in log order whatever the number.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>An alert at or above this priority fails the run; null: none does.</summary>
    public DetectionPriority? FailOn { get; init; } = DetectionPriority.Warning;

    /// <summary>Told how many bytes of the logs have been read.</summary>
    public IProgress<AuditDetectProgress>? Progress { get; init; }
}

/// <summary>Bytes of the logs read so far (compressed, for gzip); the total is 0 when a log is a pipe.</summary>
public readonly record struct AuditDetectProgress(long BytesRead, long TotalBytes);

/// <summary>An alert and the place in the log of the event that raised it.</summary>
public sealed record AuditLogAlert(string File, long Line, DetectionAlert Alert);

/// <summary>A line (or item) of a log that holds no evaluable audit event, and why; never quotes the line.</summary>
public sealed record AuditLogProblem(string File, long Line, string Reason);

/// <summary>One log's totals; <see cref="FirstProblems"/> keeps the first few problems, <see cref="Problems"/> counts them all.</summary>
public sealed record AuditLogTotals(string File, long Events, long Problems, IReadOnlyList<AuditLogProblem> FirstProblems)
{
    /// <summary>A log with problems and not one audit event is not an audit log (or not one we can read).</summary>
    public bool Unreadable => Events == 0 && Problems > 0;
}

/// <summary>How often one evaluated rule fired.</summary>
public sealed record AuditRuleTotal(string Rule, DetectionPriority Priority, long Alerts);

/// <summary>The totals of a detection run; the alerts themselves were handed out as they were found.</summary>
public sealed record AuditDetectResult(IReadOnlyList<AuditLogTotals> Logs, IReadOnlyList<AuditRuleTotal> Rules, long Events, long Alerts, long Problems, ServiceOutcome Outcome);

/// <summary>
/// Runs Falco rules over audit log files (<c>talguard audit detect</c>): the logs are streamed in batches
/// (<see cref="AuditLogReader"/>), parsed and evaluated on several threads, and every alert is handed to the caller
/// in log order as soon as its batch is done, so memory stays flat whatever the size of the logs.
/// </summary>
public static class AuditDetectService
{
    /// <summary>Problems kept per log for the report; the rest are only counted, so a log of garbage cannot fill memory.</summary>
    public const int ProblemsKeptPerLog = 20;

    /// <summary>
    /// Loads the rules and opens every log first, so that a bad rules file or a missing log is an
    /// <see cref="Model.InputException"/> before the first alert; then streams the logs, calling
    /// <paramref name="onAlert"/> on the calling thread, in log order.
    /// </summary>
    public static AuditDetectResult Run(AuditDetectRequest request, Action<AuditLogAlert> onAlert)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onAlert);
        var rules = LoadRules(request);
        var readers = new List<AuditLogReader>();
        try
        {
            foreach (var log in request.Logs)
            {
                readers.Add(AuditLogReader.Open(log, request.StandardInput));
            }

            return Detect(rules, readers, request, onAlert);
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    /// <summary>The built-in rules (unless left out) followed by the given files, loaded as Falco loads several <c>-r</c> files.</summary>
    public static DetectionRuleSet LoadRules(AuditDetectRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.BuiltInRules && request.RulesFiles.Count == 0)
        {
            return DetectionRuleSet.BuiltIn;
        }

        var files = request.RulesFiles.Select(DetectionRulesFile.Read);
        return DetectionRuleSet.Load(request.BuiltInRules ? files.Prepend(DetectionRuleSet.BuiltInRulesFile) : files);
    }

    private static AuditDetectResult Detect(DetectionRuleSet rules, List<AuditLogReader> readers, AuditDetectRequest request, Action<AuditLogAlert> onAlert)
    {
        var totalBytes = readers.Sum(r => r.Length);
        var bytesBefore = new long[readers.Count];
        for (var i = 1; i < readers.Count; i++)
        {
            bytesBefore[i] = bytesBefore[i - 1] + readers[i - 1].Length;
        }

        var logs = readers.Select(r => new LogTally(r.File)).ToArray();
        var alertsByRule = new Dictionary<string, long>(StringComparer.Ordinal);
        var failing = false;
        request.Progress?.Report(new AuditDetectProgress(0, totalBytes));
        AuditLogPipeline.Run(readers, request.MaxDegreeOfParallelism, (log, batch) => Evaluate(rules, log, batch), result =>
        {
            var tally = logs[result.Log];
            tally.Events += result.Events;
            foreach (var problem in result.Problems)
            {
                tally.Add(problem);
            }

            foreach (var alert in result.Alerts)
            {
                alertsByRule[alert.Alert.Rule] = alertsByRule.GetValueOrDefault(alert.Alert.Rule) + 1;
                failing |= request.FailOn is { } threshold && alert.Alert.Priority <= threshold;
                onAlert(alert);
            }

            request.Progress?.Report(new AuditDetectProgress(bytesBefore[result.Log] + result.Position, totalBytes));
        });
        request.Progress?.Report(new AuditDetectProgress(totalBytes, totalBytes));

        var totals = logs.Select(l => l.Totals()).ToList();
        var ruleTotals = rules.Rules
            .Where(r => r.IsEvaluated)
            .Select(r => new AuditRuleTotal(r.Name, r.Priority, alertsByRule.GetValueOrDefault(r.Name)))
            .OrderBy(r => r.Priority)
            .ThenByDescending(r => r.Alerts)
            .ThenBy(r => r.Rule, StringComparer.Ordinal)
            .ToList();
        var outcome = totals.Exists(t => t.Unreadable) ? ServiceOutcome.InputErrors
            : failing ? ServiceOutcome.FindingsAtThreshold
            : ServiceOutcome.Passed;
        return new AuditDetectResult(totals, ruleTotals, totals.Sum(t => t.Events), alertsByRule.Values.Sum(), totals.Sum(t => t.Problems), outcome);
    }

    /// <summary>Parses and evaluates one batch on a worker thread; the result holds no reference to the batch's buffer.</summary>
    private static BatchResult Evaluate(DetectionRuleSet rules, int log, AuditLogBatch batch)
    {
        var result = new BatchResult(log, batch.Position);
        var events = new List<JsonElement>();
        var scan = rules.NewShallowEvent();
        var alerts = new List<DetectionAlert>();
        foreach (var record in batch.Records)
        {
            if (record.Problem is { } split)
            {
                result.Problems.Add(new AuditLogProblem(batch.File, record.Line, split));
                continue;
            }

            // The common case, a line holding one event, skips the document unless a rule reads deep into it.
            alerts.Clear();
            if (rules.TryEvaluate(scan, batch.Text(record), alerts))
            {
                result.Events++;
                foreach (var alert in alerts)
                {
                    result.Alerts.Add(new AuditLogAlert(batch.File, record.Line, alert));
                }

                continue;
            }

            events.Clear();
            using var document = AuditLogEvents.Parse(batch.Text(record), events, out var problem);
            if (problem is not null)
            {
                result.Problems.Add(new AuditLogProblem(batch.File, record.Line, problem));
            }

            foreach (var auditEvent in events)
            {
                if (!auditEvent.TryGetProperty("stageTimestamp"u8, out _) && AuditEventPayload.RejectionReason(auditEvent) is { } rejected)
                {
                    result.Problems.Add(new AuditLogProblem(batch.File, record.Line, rejected));
                    continue;
                }

                result.Events++;
                foreach (var alert in rules.Evaluate(auditEvent))
                {
                    result.Alerts.Add(new AuditLogAlert(batch.File, record.Line, alert));
                }
            }
        }

        return result;
    }

    private sealed class BatchResult(int log, long position)
    {
        public int Log { get; } = log;

        public long Position { get; } = position;

        public long Events { get; set; }

        public List<AuditLogAlert> Alerts { get; } = [];

        public List<AuditLogProblem> Problems { get; } = [];
    }

    private sealed class LogTally(string file)
    {
        private readonly List<AuditLogProblem> _first = [];
        private long _problems;

        public long Events { get; set; }

        public void Add(AuditLogProblem problem)
        {
            _problems++;
            if (_first.Count < ProblemsKeptPerLog)
            {
                _first.Add(problem);
            }
        }

        public AuditLogTotals Totals() => new(file, Events, _problems, _first);
    }
}
