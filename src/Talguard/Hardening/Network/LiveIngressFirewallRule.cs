using Talguard.Evidence;
using Talguard.Findings;

namespace Talguard.Hardening.Network;

/// <summary>
/// TG-LIVE-008: the node's ingress firewall is off: no <c>ingress</c> chain in a collected <c>nftableschain.json</c>
/// (Talos creates it only when a firewall is configured), or the chain's policy is <c>accept</c>.
/// </summary>
internal sealed class LiveIngressFirewallRule : EvidenceRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-LIVE-008", Severity.High, Section.Network,
        "The ingress firewall is off on the node",
        "Without a blocking ingress chain every port the node listens on (apid 50000, trustd 50001, kubelet 10250, etcd 2379-2380 on control planes) is reachable from any network that routes to it.",
        "Apply a NetworkDefaultActionConfig with ingress: block and NetworkRuleConfig documents for the ports each role needs (talguard scan shows the firewall a config describes); apply with --mode=try first.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "1.3.1 1.4.1", "CC6.1 CC6.6"));

    private const string Ingress = "ingress";

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(NodeEvidence node)
    {
        var chains = node.Resources(TalosResourceKinds.NfTablesChain);
        if (!chains.Collected)
        {
            return;
        }

        if (chains.Find(Ingress) is not { } ingress)
        {
            node.Report(Definition, Location.OfFile(node.FileOf(TalosResourceKinds.NfTablesChain), "NfTablesChains.net.talos.dev"),
                "nftableschain: no ingress chain for the node: the ingress firewall is off (no NetworkDefaultActionConfig or NetworkRuleConfig applied)");
        }
        else if (ingress["policy"]?.AsString() == "accept")
        {
            node.ReportField(Definition, ingress, "policy", "the ingress firewall accepts whatever its rules do not match (NetworkDefaultActionConfig ingress: accept)");
        }
    }
}
