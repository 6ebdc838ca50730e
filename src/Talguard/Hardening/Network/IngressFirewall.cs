using System.Globalization;
using System.Net;
using Talguard.Model;

namespace Talguard.Hardening.Network;

/// <summary>An inclusive port range of a NetworkRuleConfig <c>portSelector</c>.</summary>
public readonly record struct PortRange(int From, int To)
{
    public bool Contains(int port) => port >= From && port <= To;
}

/// <summary>One <c>ingress[]</c> entry of a NetworkRuleConfig: traffic from <see cref="Subnet"/> minus <see cref="Except"/>.</summary>
public sealed record IngressEntry(LocatedDocument Rule, YamlNode Node, IPNetwork Subnet, IPNetwork? Except)
{
    /// <summary>"Allows from S": the subnet contains S (the except carve-out does not change that unless it removes everything).</summary>
    public bool AllowsFrom(IPNetwork source) => !IsEmpty && Cidr.Contains(Subnet, source);

    /// <summary>True when more than one source address is allowed.</summary>
    public bool AllowsSeveralAddresses
    {
        get
        {
            var hostBits = Cidr.Bits(Subnet) - Subnet.PrefixLength;
            if (hostBits == 0 || IsEmpty)
            {
                return false;
            }

            return !(hostBits == 1 && Except is { } except && except.PrefixLength == Cidr.Bits(except) && Cidr.Contains(Subnet, except));
        }
    }

    public bool IsAnywhere => Subnet.PrefixLength == 0 && !IsEmpty;

    private bool IsEmpty => Except is { } except && Cidr.Contains(except, Subnet);
}

/// <summary>The Talos ingress firewall of one config file: NetworkDefaultActionConfig and NetworkRuleConfig documents.</summary>
public static class IngressFirewall
{
    public const string DefaultActionKind = "NetworkDefaultActionConfig";
    public const string RuleKind = "NetworkRuleConfig";

    public static readonly TalosVersion Since = new(1, 6);

    public static bool Blocks(LocatedDocument defaultAction) => defaultAction.At("ingress")?.AsString() == "block";

    /// <summary>
    /// True when unlisted ingress is dropped: a node config needs <c>ingress: block</c>; a patch is assumed to be merged
    /// into a base that blocks, unless it sets another default action itself.
    /// </summary>
    public static bool IsOn(TalosConfigFile file)
    {
        var actions = file.OfKind(DefaultActionKind).ToList();
        return actions.Count == 0 ? !file.IsNodeConfig : actions.Any(Blocks);
    }

    /// <summary>Ingress entries of the TCP rules that open any of <paramref name="ports"/>, each entry once.</summary>
    public static IEnumerable<IngressEntry> EntriesOpening(TalosConfigFile file, params int[] ports)
    {
        foreach (var rule in file.OfKind(RuleKind))
        {
            var protocol = rule.At("portSelector", "protocol")?.AsString();
            if (protocol is { Length: > 0 } && !string.Equals(protocol, "tcp", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var ranges = Ports(rule);
            if (!ports.Any(p => ranges.Any(r => r.Contains(p))) || rule.At("ingress") is not { IsSequence: true } ingress)
            {
                continue;
            }

            foreach (var entry in ingress.Items)
            {
                if (Cidr.TryParse(entry["subnet"]?.AsString(), out var subnet))
                {
                    IPNetwork? except = Cidr.TryParse(entry["except"]?.AsString(), out var excluded) ? excluded : null;
                    yield return new IngressEntry(rule, entry, subnet, except);
                }
            }
        }
    }

    /// <summary>The port ranges of a rule: integers and <c>"a-b"</c> strings.</summary>
    public static IReadOnlyList<PortRange> Ports(LocatedDocument rule)
    {
        var ranges = new List<PortRange>();
        foreach (var item in rule.At("portSelector", "ports")?.Items ?? [])
        {
            var text = item.AsString()?.Trim();
            if (text is null)
            {
                continue;
            }

            var dash = text.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0 && TryPort(text, out var single))
            {
                ranges.Add(new PortRange(single, single));
            }
            else if (dash > 0 && TryPort(text[..dash].Trim(), out var from) && TryPort(text[(dash + 1)..].Trim(), out var to))
            {
                ranges.Add(new PortRange(from, to));
            }
        }

        return ranges;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 0 and <= 65535;
}
