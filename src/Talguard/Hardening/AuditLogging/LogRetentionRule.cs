using Talguard.Findings;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.AuditLogging;

/// <summary>TG-AUD-004: audit log retention below Talos's defaults (30 days, 10 files, 100 MB).</summary>
public sealed class LogRetentionRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-AUD-004", Severity.Medium, Section.AuditLogging,
        "Audit log retention is below the defaults",
        "Talos keeps audit logs for 30 days, 10 rotated files of 100 MB. Lower values discard evidence before an " +
        "incident is noticed; compliance frameworks ask for at least that much.",
        "Remove the override or raise it to at least the Talos default (see patch).");

    private static readonly (string Arg, long Minimum, string Unit)[] Limits =
    [
        ("audit-log-maxage", 30, "days"),
        ("audit-log-maxbackup", 10, "files"),
        ("audit-log-maxsize", 100, "MB"),
    ];

    private static readonly TalosConfigPatch Patch = TalosPatch.Parse("""
        cluster:
          apiServer:
            extraArgs:
              audit-log-maxage: "30"
              audit-log-maxbackup: "10"
              audit-log-maxsize: "100"

        """);

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.ControlPlanes)
        {
            if (file.MachineConfig is not { } config || !WritesLogFile(config))
            {
                continue;
            }

            foreach (var (arg, minimum, unit) in Limits)
            {
                foreach (var value in ApiServerArgs.Values(config, arg))
                {
                    // 0 is the log rotator's "no limit" (keep every file, any age; 100 MB files), not a short retention.
                    if (value.AsInt64() is { } number && number != 0 && number < minimum)
                    {
                        var message = number < 0
                            ? $"{arg} is negative: the API server refuses to start; keep at least {minimum} {unit} (the Talos default)"
                            : $"{arg} is {number} {unit}; keep at least {minimum} (the Talos default)";
                        context.Report(Definition, config, value, message, Patch);
                    }
                }
            }
        }
    }

    /// <summary>Retention applies only to a log file: not to stdout (<c>-</c>) or a disabled log (empty path).</summary>
    private static bool WritesLogFile(Model.LocatedDocument config) =>
        ApiServerArgs.Effective(config, ApiServerArgs.LogPath) is not { } path || ApiServerArgs.Text(path) is not ("" or "-");
}
