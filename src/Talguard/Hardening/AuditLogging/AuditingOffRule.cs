using Talguard.Findings;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.AuditLogging;

/// <summary>TG-AUD-005: auditing is effectively off (None catch-all, or no log file and no webhook).</summary>
public sealed class AuditingOffRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-AUD-005", Severity.High, Section.AuditLogging,
        "Audit logging is effectively off",
        "If the first rule that matches every request has level None, everything not matched earlier is dropped; " +
        "an empty audit-policy-file means no policy and no events; an empty audit-log-path without a webhook " +
        "backend disables the audit log altogether. Writing the log to stdout (\"-\") mixes it into container " +
        "output, where rotation and retention do not apply (medium).",
        "Make the catch-all rule `- level: Metadata`, and leave audit-log-path at the Talos default (see patch).");

    private static readonly TalosConfigPatch LogPathPatch = TalosPatch.Parse("""
        cluster:
          apiServer:
            extraArgs:
              audit-log-path: /var/log/audit/kube/kube-apiserver.log

        """);

    private static readonly TalosConfigPatch PolicyFilePatch = TalosPatch.Parse("""
        cluster:
          apiServer:
            extraArgs:
              audit-policy-file: /system/config/kubernetes/kube-apiserver/auditpolicy.yaml

        """);

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

        foreach (var effective in EffectiveAuditPolicy.ControlPlanes(context))
        {
            if (effective is { PolicyFileEmpty: true, PolicyFileArg: { } arg })
            {
                context.Report(Definition, effective.File.MachineConfig!, arg,
                    "audit-policy-file is empty: the API server loads no policy and records no audit events", PolicyFilePatch);
            }

            CheckLogPath(context, effective.File.MachineConfig!);
        }
    }

    private static void CheckLogPath(ScanContext context, Model.LocatedDocument config)
    {
        var webhook = ApiServerArgs.Effective(config, ApiServerArgs.WebhookConfigFile) is { } hook && ApiServerArgs.Text(hook).Length > 0;
        foreach (var value in ApiServerArgs.Values(config, ApiServerArgs.LogPath))
        {
            switch (ApiServerArgs.Text(value))
            {
                case "" when !webhook:
                    context.Report(Definition, config, value, "audit-log-path is empty and no audit webhook is configured: no audit log is written", LogPathPatch);
                    break;
                case "-":
                    context.Report(Definition, config, value,
                        "audit-log-path is \"-\": audit events go to the API server's stdout, mixed with its logs and without rotation or retention",
                        LogPathPatch, Severity.Medium);
                    break;
            }
        }
    }
}
