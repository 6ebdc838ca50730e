using System.CommandLine;
using System.Text;
using Talguard.Artifacts;
using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Model;
using Talguard.Reports;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard audit detect [--rules FILE...] LOG...</c>: Falco rules over audit log files, offline.</summary>
public static class AuditDetectCommand
{
    private static readonly string[] Priorities = ["emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug", "none"];

    public static Command Create()
    {
        var logs = new Argument<string[]>("LOG")
        {
            Description = "Audit logs: JSON lines as kube-apiserver writes them, an EventList or a JSON array of events, gzip or not; - reads standard input",
            Arity = ArgumentArity.OneOrMore,
        };
        var rules = new Option<string[]>("--rules", "-r")
        {
            Description = "A Falco rules file loaded after the built-in rules, e.g. falco's k8s_audit_rules.yaml (repeatable; later files append to or override earlier ones)",
            HelpName = "FILE",
            DefaultValueFactory = _ => [],
        };
        var noBuiltIn = new Option<bool>("--no-builtin") { Description = "Evaluate only the --rules files, without Talguard's built-in rules" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: text (Falco's alert lines) | json (one JSON object per alert, then one {\"summary\": ...} line)",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var output = new Option<string?>("--output", "-o") { Description = "Write the alerts to FILE instead of standard output (never one of the inputs)", HelpName = "FILE" };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit 1 when an alert is at or above: " + string.Join('|', Priorities),
            DefaultValueFactory = _ => "warning",
        };
        failOn.AcceptOnlyFromAmong(Priorities);
        var command = new Command("detect", "Run Falco k8s_audit rules (built-in and --rules files) over Kubernetes audit logs and print the alerts in log order")
        {
            logs, rules, noBuiltIn, format, output, failOn,
        };
        command.SetAction(parse =>
        {
            var logPaths = parse.GetValue(logs)!;
            var rulesFiles = parse.GetValue(rules)!;
            if (logPaths.Count(p => p == InputLoader.StandardInputName) > 1)
            {
                throw new UsageException("standard input (-) named more than once: it can be read only once");
            }

            if (parse.GetValue(noBuiltIn) && rulesFiles.Length == 0)
            {
                throw new UsageException("--no-builtin without --rules FILE leaves no rule to evaluate");
            }

            var outputPath = parse.GetValue(output);
            OutputTarget.EnsureNotAnInput(outputPath, "-o", [.. logPaths, .. rulesFiles]);
            var json = parse.GetValue(format) == "json";
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var request = new AuditDetectRequest(logPaths)
            {
                RulesFiles = rulesFiles,
                BuiltInRules = !parse.GetValue(noBuiltIn),
                StandardInput = StandardInput.Guard(Console.OpenStandardInput),
                MaxDegreeOfParallelism = Environment.ProcessorCount,
                FailOn = FailOnPriority(parse.GetValue(failOn)!),
            };

            using var alerts = AlertOutput.Open(outputPath, stdout);

            // Alerts printed on the terminal already show the run advancing; a bar would tear them apart.
            var alertsOnTerminal = alerts.IsStandardOutput && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
            var result = ProgressDisplay.AuditLog(stderr, alertsOnTerminal, progress => AuditDetectService.Run(request with { Progress = progress }, alert =>
                alerts.Writer.WriteLine(json ? AuditDetectWriter.JsonLine(alert) : AuditDetectWriter.TextLine(alert))));
            if (json)
            {
                alerts.Writer.WriteLine(AuditDetectWriter.JsonSummary(result));
            }

            alerts.Commit();
            Rendering.AuditDetectSummary.WriteProblems(stderr, result);
            if (!json)
            {
                Rendering.AuditDetectSummary.WriteTable(stderr, result);
            }

            return ExitCodes.For(result.Outcome);
        });
        return command;
    }

    private static DetectionPriority? FailOnPriority(string name) =>
        name == "none" ? null : DetectionPriorities.TryParse(name, out var priority) ? priority : throw new UsageException($"--fail-on: '{name}' is not a priority");

    /// <summary>
    /// Where the alerts go while they stream: standard output, a device or FIFO as it is, or a regular file through a
    /// temporary file beside it that replaces it only when the run completes, so a failed run leaves the old file.
    /// </summary>
    private sealed class AlertOutput : IDisposable
    {
        private readonly string? _temporary;
        private readonly string? _target;
        private bool _done;

        private AlertOutput(TextWriter writer, string? temporary, string? target, bool standardOutput = false)
        {
            Writer = writer;
            _temporary = temporary;
            _target = target;
            IsStandardOutput = standardOutput;
        }

        public TextWriter Writer { get; }

        public bool IsStandardOutput { get; }

        public static AlertOutput Open(string? path, TextWriter stdout)
        {
            if (string.IsNullOrEmpty(path) || path == "-")
            {
                return new AlertOutput(stdout, null, null, standardOutput: true);
            }

            var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            switch (FileIdentity.Of(path).Kind)
            {
                case FileKind.Directory:
                    throw new ArtifactException(path, "is a directory");
                case FileKind.CharacterDevice or FileKind.BlockDevice or FileKind.Fifo or FileKind.Socket:
                    return new AlertOutput(new StreamWriter(new FileStream(path, FileMode.Open, FileAccess.Write), encoding, 1 << 16), null, null);
            }

            var target = ArtifactWriter.FinalTarget(path);
            var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
            try
            {
                return new AlertOutput(new StreamWriter(new FileStream(temporary, FileMode.CreateNew, FileAccess.Write), encoding, 1 << 16), temporary, target);
            }
            catch (DirectoryNotFoundException)
            {
                throw new ArtifactException(path, "no such directory");
            }
        }

        /// <summary>Flushes the alerts and, for a file, puts it in place.</summary>
        public void Commit()
        {
            Writer.Flush();
            if (_temporary is not null)
            {
                Writer.Dispose();
                File.Move(_temporary, _target!, overwrite: true);
            }

            _done = true;
        }

        public void Dispose()
        {
            if (_temporary is null)
            {
                if (!IsStandardOutput)
                {
                    Writer.Dispose();
                }

                return;
            }

            if (!_done)
            {
                Writer.Dispose();
                File.Delete(_temporary);
            }
        }
    }
}
