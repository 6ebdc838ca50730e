using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Network;

/// <summary>TG-NET-002: etcd client/peer ports open to more than single addresses.</summary>
public sealed class EtcdExposureRule : ExposedPortRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-NET-002", Severity.High, Section.Network,
        "etcd ports open beyond the control-plane nodes",
        "etcd (2379 client, 2380 peer) holds every Secret; only the other control-plane nodes need it. A subnet also admits "
        + "every other machine in it, including compromised workers, to attack etcd's TLS endpoints.",
        "List each control-plane node address as a /32 (or /128) in the etcd NetworkRuleConfig.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "1.2.5 1.3.1", "CC6.6"));

    public override RuleDescriptor Descriptor => Definition;

    protected override int[] Ports => [2379, 2380];

    protected override string? Judge(IngressEntry entry, ScanContext context) =>
        entry.AllowsSeveralAddresses
            ? Describe(entry) + " to etcd 2379/2380: a subnet wider than one address; only the control-plane nodes (/32 or /128 each) should reach etcd"
            : null;
}
