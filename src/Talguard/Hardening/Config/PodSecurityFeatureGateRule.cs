using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Config;

/// <summary>TG-CONF-005: the removed PodSecurity feature gate, which stops the component from starting on Kubernetes 1.28+.</summary>
public sealed class PodSecurityFeatureGateRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CONF-005", Severity.Critical, Section.Config,
        "PodSecurity feature gate on Kubernetes 1.28+",
        "The PodSecurity gate went GA in Kubernetes 1.25 and was removed in 1.28: a component given the unknown gate refuses to start " +
        "(Talos passes feature-gates on as written).",
        "Delete the PodSecurity gate (see patch); Pod Security Admission is configured in cluster.apiServer.admissionControl (the PodSecurity entry).",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("5.2.1", "2.2.1", "CC8.1"));

    private static readonly TalosVersion GateRemoved = new(1, 28);

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs.Where(f => f.KubernetesVersion >= GateRemoved))
        {
            var removed = $"the PodSecurity feature gate was removed in Kubernetes 1.28 (target {file.KubernetesVersion}): the component will not start. " +
                "Configure Pod Security Admission in cluster.apiServer.admissionControl instead";
            foreach (var component in ExtraArgs.In(file.Documents).Where(c => c.Component != KubeComponent.Proxy && c.Component != KubeComponent.Etcd))
            {
                foreach (var value in component.Find("feature-gates")?.Values ?? [])
                {
                    var gates = value.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    var kept = gates.Where(g => !g.StartsWith("PodSecurity=", StringComparison.Ordinal)).ToList();
                    if (kept.Count < gates.Length)
                    {
                        var patch = value.Node.Parent is { IsSequence: true } ? null
                            : kept.Count == 0 ? TalosPatch.Delete(component.Document, value.Node)
                            : TalosPatch.Set(component.Document, value.Node, TalosPatch.Scalar(string.Join(',', kept)));
                        context.Report(Definition, component.Document, value.Node, removed, patch);
                    }
                }
            }

            foreach (var (document, gate) in KubeletFeatureGates.Find(file, "PodSecurity"))
            {
                context.ReportField(Definition, document, gate, removed, TalosPatch.Delete(document, gate));
            }
        }
    }
}
