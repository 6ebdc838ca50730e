using System.Globalization;
using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.AuditLogging;

/// <summary>TG-AUD-004: audit log retention below Talos's defaults (30 days, 10 files, 100 MB).</summary>
public sealed class LogRetentionRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-AUD-004", Severity.Medium, Section.AuditLogging,
        "Audit log retention is below the defaults",
        "Talos keeps audit logs for 30 days, 10 rotated files of 100 MB. Lower values discard evidence before an " +
        "incident is noticed; compliance frameworks ask for at least that much.",
        "Remove the override or raise it to at least the Talos default (see patch).",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("1.2.17 1.2.18 1.2.19", "10.5.1", "CC7.2"));

    private static readonly (string Arg, long Minimum, string Unit)[] Limits =
    [
        ("audit-log-maxage", 30, "days"),
        ("audit-log-maxbackup", 10, "files"),
        ("audit-log-maxsize", 100, "MB"),
    ];

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            var settings = AuditSettings.Of(file);
            if (!WritesLogFile(settings))
            {
                continue;
            }

            foreach (var (arg, minimum, unit) in Limits)
            {
                foreach (var value in settings.Values(arg))
                {
                    // 0 is the log rotator's "no limit" (keep every file, any age; 100 MB files), not a short retention.
                    if (value.Node.AsInt64() is { } number && number != 0 && number < minimum)
                    {
                        var message = number < 0
                            ? $"{arg} is negative: the API server refuses to start; keep at least {minimum} {unit} (the Talos default)"
                            : $"{arg} is {number} {unit}; keep at least {minimum} (the Talos default)";
                        var fix = TalosPatch.Set(value.Document, value.Entry, TalosPatch.Quote(minimum.ToString(CultureInfo.InvariantCulture)));
                        context.Report(Definition, value.Document, value.Node, message, fix);
                    }
                }
            }
        }
    }

    /// <summary>Retention applies only to a log file: not to stdout (<c>-</c>) or a disabled log (empty path).</summary>
    private static bool WritesLogFile(AuditSettings settings) =>
        settings.Effective(AuditSettings.LogPathArg) is not { } path || path.Value is not ("" or "-");
}
