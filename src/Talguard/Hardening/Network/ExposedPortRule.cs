using Talguard.Findings;

namespace Talguard.Hardening.Network;

/// <summary>TG-NET-002..004: a NetworkRuleConfig opens a sensitive port to sources wider than it should, while the firewall is on.</summary>
public abstract class ExposedPortRule : Rule
{
    protected abstract int[] Ports { get; }

    /// <summary>The message when <paramref name="entry"/> is too wide, else null.</summary>
    protected abstract string? Judge(IngressEntry entry, ScanContext context);

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.TalosFiles.Where(IngressFirewall.IsOn))
        {
            foreach (var entry in IngressFirewall.EntriesOpening(file, Ports))
            {
                if (Judge(entry, context) is { } message)
                {
                    context.Report(Descriptor, entry.Rule, entry.Node, message);
                }
            }
        }
    }

    protected static string Describe(IngressEntry entry) =>
        $"NetworkRuleConfig '{entry.Rule.At("name")?.AsString()}' allows {Cidr.Format(entry.Subnet)}";
}

/// <summary>TG-NET-002: etcd client/peer ports open to more than single addresses.</summary>
public sealed class EtcdExposureRule : ExposedPortRule
{
    public static readonly RuleDescriptor Id = RuleDescriptor.Create(
        "TG-NET-002", Severity.High, Section.Network,
        "etcd ports open beyond the control-plane nodes",
        "etcd (2379 client, 2380 peer) holds every Secret; only the other control-plane nodes need it. A subnet also admits "
        + "every other machine in it, including compromised workers, to attack etcd's TLS endpoints.",
        "List each control-plane node address as a /32 (or /128) in the etcd NetworkRuleConfig.");

    public override RuleDescriptor Descriptor => Id;

    protected override int[] Ports => [2379, 2380];

    protected override string? Judge(IngressEntry entry, ScanContext context) =>
        entry.AllowsSeveralAddresses
            ? Describe(entry) + " to etcd 2379/2380: a subnet wider than one address; only the control-plane nodes (/32 or /128 each) should reach etcd"
            : null;
}

/// <summary>TG-NET-003: kubelet or trustd open to the whole internet.</summary>
public sealed class KubeletTrustdExposureRule : ExposedPortRule
{
    public static readonly RuleDescriptor Id = RuleDescriptor.Create(
        "TG-NET-003", Severity.High, Section.Network,
        "kubelet or trustd open to any address",
        "The kubelet API (10250) runs commands in pods and trustd (50001) hands out certificates to joining nodes; both "
        + "only need the cluster network, and exposing them to 0.0.0.0/0 or ::/0 invites credential and exploit attempts.",
        "Restrict 10250 and 50001 to the cluster subnet in their NetworkRuleConfig.");

    public override RuleDescriptor Descriptor => Id;

    protected override int[] Ports => [10250, 50001];

    protected override string? Judge(IngressEntry entry, ScanContext context) =>
        entry.IsAnywhere ? Describe(entry) + " to the kubelet (10250) or trustd (50001): reachable from any address; allow only the cluster subnet" : null;
}

/// <summary>TG-NET-004: apid open to the whole internet although a management network is declared.</summary>
public sealed class ApidExposureRule : ExposedPortRule
{
    public static readonly RuleDescriptor Id = RuleDescriptor.Create(
        "TG-NET-004", Severity.Medium, Section.Network,
        "apid open to any address despite a management network",
        "apid (50000) is the Talos API: with a management network declared (--management-cidr), there is no reason to "
        + "expose it to 0.0.0.0/0 or ::/0.",
        "Allow 50000 from the management network (and the control-plane nodes, which proxy to workers) only.");

    public override RuleDescriptor Descriptor => Id;

    protected override int[] Ports => [50000];

    protected override string? Judge(IngressEntry entry, ScanContext context) =>
        entry.IsAnywhere && context.Options.ManagementNetworks.Count > 0
            ? Describe(entry) + " to apid (50000) although the management network is "
              + string.Join(", ", context.Options.ManagementNetworks.Select(Cidr.Format)) + "; allow only that"
            : null;
}
