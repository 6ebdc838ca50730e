using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Network;

/// <summary>TG-NET-001: the Talos ingress firewall is off, so every host port is reachable.</summary>
public sealed class DefaultBlockRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-NET-001", Severity.High, Section.Network,
        "Ingress firewall does not block by default",
        "Without a NetworkDefaultActionConfig with ingress: block, Talos accepts traffic to every host port: etcd, the "
        + "kubelet, trustd and apid are reachable from any network that routes to the node. The guide's iptables rules "
        + "cannot be applied on Talos (no shell); its own firewall is the NetworkRuleConfig documents.",
        "Add NetworkDefaultActionConfig ingress: block plus NetworkRuleConfig documents for the ports the node serves (see "
        + "patch); apply with `talosctl apply-config --mode=try` first and check `talosctl get nftableschain`.",
        inputs: RuleInputs.NodeConfig,
        controls: RuleControls.Of("", "1.3.1 1.4.1", "CC6.1 CC6.6"),
        versions: new TalosVersionRange(new TalosVersion(1, 6)));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        var controlPlanePeers = FirewallPatch.ControlPlaneAddresses(context.Model);
        foreach (var file in context.Configs)
        {
            var firewall = IngressFirewall.Of(file);
            if (firewall.BlocksByDefault)
            {
                continue;
            }

            var patch = FirewallPatch.For(file, controlPlanePeers, context.Options);
            if (firewall.DefaultActions.FirstOrDefault() is { } action)
            {
                context.ReportMissing(Definition, action.Document, action.Ingress ?? action.Document.Root, YamlPath.Join("ingress"),
                    "NetworkDefaultActionConfig does not set ingress: block: every host port not covered by a rule is still open "
                    + "(etcd, kubelet, trustd, apid)", patch);
            }
            else
            {
                context.ReportMissing(Definition, file.FirstDocument, null, string.Empty,
                    "no NetworkDefaultActionConfig with ingress: block: the ingress firewall is off and every host port (etcd, "
                    + "kubelet, trustd, apid) is reachable; add the NetworkDefaultActionConfig and NetworkRuleConfig documents", patch);
            }
        }
    }
}
