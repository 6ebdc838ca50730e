using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Network;

/// <summary>
/// TG-NET-002..004: a NetworkRuleConfig opens a sensitive port to sources wider than it should, while the firewall is on.
/// The rule documents are the same in a node config and in a patch, so both are judged.
/// </summary>
public abstract class ExposedPortRule : Rule
{
    protected abstract int[] Ports { get; }

    /// <summary>The message when <paramref name="entry"/> is too wide, else null.</summary>
    protected abstract string? Judge(IngressEntry entry, ScanContext context);

    public override void Check(ScanContext context)
    {
        foreach (var firewall in context.Configs.Select(IngressFirewall.Of).Where(f => f.IsOn))
        {
            foreach (var entry in firewall.EntriesOpening(Ports))
            {
                if (Judge(entry, context) is { } message)
                {
                    context.Report(Descriptor, entry.Rule, entry.Node, message);
                }
            }
        }
    }

    protected static string Describe(IngressEntry entry) =>
        (entry.RuleName.Length > 0 ? $"NetworkRuleConfig '{entry.RuleName}'" : "a NetworkRuleConfig") + " allows " + Cidr.Format(entry.Subnet);
}
