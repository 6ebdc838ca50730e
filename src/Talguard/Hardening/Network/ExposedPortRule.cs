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
        (entry.Rule.At("name")?.AsString() is { Length: > 0 } name ? $"NetworkRuleConfig '{name}'" : "a NetworkRuleConfig")
        + " allows " + Cidr.Format(entry.Subnet);
}
