using System.Globalization;
using System.Net;
using Talguard.Hardening.Network;

namespace Talguard.Model.Talos;

/// <summary>An inclusive port range of a NetworkRuleConfig <c>portSelector</c>.</summary>
public readonly record struct PortRange(int From, int To)
{
    public bool Contains(int port) => port >= From && port <= To;
}

/// <summary>One <c>ingress[]</c> entry of a NetworkRuleConfig: traffic from <see cref="Subnet"/> minus <see cref="Except"/>.</summary>
/// <param name="Rule">The NetworkRuleConfig document holding the entry.</param>
/// <param name="RuleName">The rule's <c>name</c> (empty when unnamed).</param>
/// <param name="Node">The entry's mapping: findings about the entry point here.</param>
public sealed record IngressEntry(LocatedDocument Rule, string RuleName, YamlNode Node, IPNetwork Subnet, IPNetwork? Except)
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

/// <summary>A <c>NetworkDefaultActionConfig</c> document: what happens to ingress no rule allows.</summary>
/// <param name="Ingress">The <c>ingress</c> value's node; null when the document does not set it (Talos then accepts).</param>
public sealed record NetworkDefaultActionConfig(LocatedDocument Document, YamlNode? Ingress)
{
    public bool Blocks => Ingress?.AsString() == "block";
}

/// <summary>A <c>NetworkRuleConfig</c> document: the ports it opens and the sources it opens them to.</summary>
/// <param name="Protocol">The <c>portSelector.protocol</c> (empty when unset).</param>
/// <param name="Ingress">The <c>ingress[]</c> entries whose subnets parse.</param>
public sealed record NetworkRuleConfig(LocatedDocument Document, string Name, string Protocol, IReadOnlyList<PortRange> Ports, IReadOnlyList<IngressEntry> Ingress)
{
    /// <summary>TCP, which Talos also assumes when the protocol is left out.</summary>
    public bool IsTcp => Protocol.Length == 0 || string.Equals(Protocol, "tcp", StringComparison.OrdinalIgnoreCase);

    public bool OpensAny(IReadOnlyCollection<int> ports) => ports.Any(p => Ports.Any(r => r.Contains(p)));

    internal static NetworkRuleConfig Read(LocatedDocument document)
    {
        var name = document.At("name")?.AsString() ?? string.Empty;
        var ingress = new List<IngressEntry>();
        foreach (var entry in document.At("ingress") is { IsSequence: true } list ? list.Items : [])
        {
            if (entry.IsMapping && Cidr.TryParse(entry["subnet"]?.AsString(), out var subnet))
            {
                IPNetwork? except = Cidr.TryParse(entry["except"]?.AsString(), out var excluded) ? excluded : null;
                ingress.Add(new IngressEntry(document, name, entry, subnet, except));
            }
        }

        return new NetworkRuleConfig(document, name, document.At("portSelector", "protocol")?.AsString() ?? string.Empty, ReadPorts(document), ingress);
    }

    /// <summary>The port ranges of a rule: integers and <c>"a-b"</c> strings.</summary>
    private static List<PortRange> ReadPorts(LocatedDocument document)
    {
        var ranges = new List<PortRange>();
        foreach (var item in document.At("portSelector", "ports")?.Items ?? [])
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

/// <summary>
/// The Talos ingress firewall of one config file (full config or patch): its <c>NetworkDefaultActionConfig</c> and
/// <c>NetworkRuleConfig</c> documents. Talos has no main-document form of them, so a patch holds the same documents.
/// </summary>
public sealed class IngressFirewall
{
    private IngressFirewall(TalosConfigFile file)
    {
        DefaultActions = [.. file.OfKind(nameof(NetworkDefaultActionConfig)).Select(d => new NetworkDefaultActionConfig(d, d.At("ingress")))];
        Rules = [.. file.OfKind(nameof(NetworkRuleConfig)).Select(NetworkRuleConfig.Read)];
        IsOn = DefaultActions.Count == 0 ? !file.IsComplete : DefaultActions.Any(a => a.Blocks);
    }

    public IReadOnlyList<NetworkDefaultActionConfig> DefaultActions { get; }

    public IReadOnlyList<NetworkRuleConfig> Rules { get; }

    /// <summary>True when some default action blocks ingress no rule allows.</summary>
    public bool BlocksByDefault => DefaultActions.Any(a => a.Blocks);

    /// <summary>
    /// True when unlisted ingress is dropped: a node config needs <c>ingress: block</c>; a patch is assumed to be merged
    /// into a base that blocks, unless it sets another default action itself.
    /// </summary>
    public bool IsOn { get; }

    public static IngressFirewall Of(TalosConfigFile file) => file.View(static f => new IngressFirewall(f));

    /// <summary>Ingress entries of the TCP rules that open any of <paramref name="ports"/>, each entry once.</summary>
    public IEnumerable<IngressEntry> EntriesOpening(IReadOnlyCollection<int> ports) =>
        Rules.Where(r => r.IsTcp && r.OpensAny(ports)).SelectMany(r => r.Ingress);
}
