using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.AuditLogging;

/// <summary>TG-AUD-005: auditing is effectively off (None catch-all, or no log file and no webhook).</summary>
public sealed class AuditingOffRule : Rule
{
    /// <summary>Events still reach stdout, so auditing is degraded rather than off.</summary>
    private static readonly SeverityCase LogToStdout = new(Severity.Medium, "for audit-log-path \"-\" (events go to stdout)");

    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-AUD-005", Severity.High, Section.AuditLogging,
        "Audit logging is effectively off",
        "If the first rule that matches every request has level None, everything not matched earlier is dropped; " +
        "an empty audit-policy-file means no policy and no events; an empty audit-log-path without a webhook " +
        "backend disables the audit log altogether. Writing the log to stdout (\"-\") mixes it into container " +
        "output, where rotation and retention do not apply (medium).",
        "Make the catch-all rule `- level: Metadata`, and leave audit-log-path at the Talos default (see patch).",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch | RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("1.2.16 3.2.1", "10.2.1", "CC7.1 CC7.2"),
        versions: new TalosVersionRange(TalosFeatureReleases.AuditPolicy),
        otherSeverities: [LogToStdout]);

    private const string TalosLogPath = "/var/log/audit/kube/kube-apiserver.log";

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var target in EffectiveAuditPolicy.DecodableTargets(context))
        {
            var catchAll = target.Policy.Rules.FirstOrDefault(r => r.MatchesEveryRequest);
            if (catchAll is { Level: AuditLevel.None })
            {
                target.Report(context, Definition, catchAll,
                    "the first rule matching every request has level None: requests not matched by an earlier rule are never logged");
            }
        }

        foreach (var effective in EffectiveAuditPolicy.Judged(context))
        {
            if (effective is { PolicyFileEmpty: true, PolicyFileArg: { } arg })
            {
                context.Report(Definition, arg.Document, arg.Node,
                    "audit-policy-file is empty: the API server loads no policy and records no audit events",
                    TalosPatch.Set(arg.Document, arg.Entry, EffectiveAuditPolicy.TalosPolicyPath));
            }

            CheckLogPath(context, effective.Settings);
        }
    }

    private static void CheckLogPath(ScanContext context, AuditSettings settings)
    {
        var webhook = settings.Effective(AuditSettings.WebhookConfigFileArg) is { Value.Length: > 0 };
        foreach (var value in settings.Values(AuditSettings.LogPathArg))
        {
            switch (value.Value)
            {
                case "" when !webhook:
                    context.Report(Definition, value.Document, value.Node, "audit-log-path is empty and no audit webhook is configured: no audit log is written",
                        TalosPatch.Set(value.Document, value.Entry, TalosLogPath));
                    break;
                case "-":
                    context.Report(Definition, value.Document, value.Node,
                        "audit-log-path is \"-\": audit events go to the API server's stdout, mixed with its logs and without rotation or retention",
                        TalosPatch.Set(value.Document, value.Entry, TalosLogPath), LogToStdout.Severity);
                    break;
            }
        }
    }
}
