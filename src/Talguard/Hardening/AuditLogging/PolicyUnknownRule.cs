using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.AuditLogging;

/// <summary>TG-AUD-009: the policy file the API server loads is not among the inputs, so it cannot be judged.</summary>
public sealed class PolicyUnknownRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-AUD-009", Severity.Info, Section.AuditLogging,
        "Effective audit policy unknown",
        "audit-policy-file points at a file whose content is not in the scanned config (no machine.files entry at " +
        "the host path an extraVolumes mount exposes there), so the policy rules (TG-AUD-001/002/003/005/006/007/008) did not run.",
        "Point audit-policy-file back at Talos's own path (see patch) and set the policy in cluster.apiServer.auditPolicy; " +
        "otherwise scan the config that writes the file.",
        inputs: RuleInputs.ControlPlaneConfig,
        controls: RuleControls.Of("3.2.1", "10.2.1", "CC7.2"),
        versions: new TalosVersionRange(TalosFeatureReleases.AuditPolicy));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var effective in EffectiveAuditPolicy.Judged(context))
        {
            if (effective is { UnknownReason: { } reason, PolicyFileArg: { } arg })
            {
                context.Report(Definition, arg.Document, arg.Node,
                    $"{reason}; the audit policy rules did not run",
                    TalosPatch.Set(arg.Document, arg.Entry, EffectiveAuditPolicy.TalosPolicyPath));
            }
        }
    }
}
