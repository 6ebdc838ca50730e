using Spectre.Console;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary>
/// Draws how a long run advances as a bar on standard error, only when that is a terminal: a redirected or captured
/// stream (a CI log, a pipe, a test) gets nothing, so it holds the report's errors and notices alone. The engine
/// reports through <see cref="IProgress{T}"/>; only this class draws.
/// </summary>
public static class ProgressDisplay
{
    /// <summary>Fewer files load in well under a second: a bar would only flash.</summary>
    public const int MinFiles = 200;

    /// <summary>The size from which reading a snapshot takes long enough to want a bar.</summary>
    public const long MinSnapshotBytes = 100L * 1024 * 1024;

    /// <summary>The size of audit logs from which reading them takes long enough to want a bar.</summary>
    public const long MinAuditLogBytes = 64L * 1024 * 1024;

    /// <summary>True when <paramref name="stderr"/> is the process's standard error and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter stderr) => ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Runs a scan, drawing files loaded, then scanned, when there are at least <see cref="MinFiles"/>.</summary>
    public static T Scan<T>(TextWriter stderr, Func<IProgress<ScanProgress>?, T> run)
    {
        if (!IsTerminal(stderr))
        {
            return run(null);
        }

        return Start(stderr, context =>
        {
            ProgressTask? bar = null;
            var gate = new Lock();
            return run(new Reporter<ScanProgress>(progress =>
            {
                lock (gate)
                {
                    if (bar is null && progress.Total < MinFiles)
                    {
                        return;
                    }

                    bar ??= context.AddTask("files", maxValue: progress.Total);
                    bar.Description = progress.Stage == ScanStage.Loading ? "Loading files" : "Scanning files";
                    bar.MaxValue = Math.Max(1, progress.Total);
                    bar.Value = progress.Done;

                    // The rules report the files scanned only when all are done: until then the bar says "busy", not 0%.
                    bar.IsIndeterminate = progress.Stage == ScanStage.Scanning && progress.Done < progress.Total;
                }
            }));
        });
    }

    /// <summary>Runs a snapshot read, drawing bytes read when the snapshot is at least <see cref="MinSnapshotBytes"/>.</summary>
    public static T Snapshot<T>(TextWriter stderr, Func<IProgress<SnapshotProgress>?, T> run)
    {
        if (!IsTerminal(stderr))
        {
            return run(null);
        }

        return Start(stderr, context =>
        {
            ProgressTask? bar = null;
            var gate = new Lock();
            return run(new Reporter<SnapshotProgress>(progress =>
            {
                lock (gate)
                {
                    if (bar is null && progress.TotalBytes < MinSnapshotBytes)
                    {
                        return;
                    }

                    bar ??= context.AddTask("Reading snapshot", maxValue: progress.TotalBytes);
                    bar.Value = progress.BytesRead;
                }
            }));
        });
    }

    /// <summary>
    /// Runs an audit-log detection, drawing bytes read when the logs are at least <see cref="MinAuditLogBytes"/> and the
    /// alerts do not go to the same terminal (their lines already show the run advancing; a bar would tear them apart).
    /// </summary>
    public static T AuditLog<T>(TextWriter stderr, bool alertsOnTerminal, Func<IProgress<AuditDetectProgress>?, T> run)
    {
        if (!IsTerminal(stderr) || alertsOnTerminal)
        {
            return run(null);
        }

        return Start(stderr, context =>
        {
            ProgressTask? bar = null;
            var gate = new Lock();
            return run(new Reporter<AuditDetectProgress>(progress =>
            {
                lock (gate)
                {
                    if (bar is null && progress.TotalBytes < MinAuditLogBytes)
                    {
                        return;
                    }

                    bar ??= context.AddTask("Reading audit logs", maxValue: progress.TotalBytes);
                    bar.Value = progress.BytesRead;
                }
            }));
        });
    }

    private static T Start<T>(TextWriter stderr, Func<ProgressContext, T> run)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            Interactive = InteractionSupport.Yes,
        });
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(run);
    }

    /// <summary>Calls <c>report</c> on the reporting thread, at once.</summary>
    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
