using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Talguard.Hardening.Network;

/// <summary>CIDR parsing and containment as Talos's netip prefixes behave (host bits allowed, then masked).</summary>
public static class Cidr
{
    public static readonly IPNetwork AnyIPv4 = new(IPAddress.Any, 0);
    public static readonly IPNetwork AnyIPv6 = new(IPAddress.IPv6Any, 0);

    /// <summary>Parses <c>address/prefix</c>; host bits are cleared (<c>10.0.1.10/24</c> = <c>10.0.1.0/24</c>).</summary>
    public static bool TryParse(string? text, out IPNetwork network)
    {
        network = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash <= 0
            || !TryParseAddress(text[..slash], out var address)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > Bits(address))
        {
            return false;
        }

        network = new IPNetwork(Mask(address, prefix), prefix);
        return true;
    }

    /// <summary>A literal IPv4 (dotted quad) or IPv6 address; rejects the shorthand forms <see cref="IPAddress.TryParse(string, out IPAddress)"/> accepts.</summary>
    public static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        var dotted = text.Count(c => c == '.') == 3;
        if ((!dotted && !text.Contains(':', StringComparison.Ordinal)) || !IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    public static int Bits(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;

    public static int Bits(IPNetwork network) => Bits(network.BaseAddress);

    /// <summary>True when every address of <paramref name="inner"/> is in <paramref name="outer"/>.</summary>
    public static bool Contains(IPNetwork outer, IPNetwork inner) =>
        outer.BaseAddress.AddressFamily == inner.BaseAddress.AddressFamily
        && outer.PrefixLength <= inner.PrefixLength
        && outer.Contains(inner.BaseAddress);

    /// <summary>The host route of an address: /32 or /128.</summary>
    public static IPNetwork Host(IPAddress address) => new(address, Bits(address));

    public static string Format(IPNetwork network) =>
        network.BaseAddress + "/" + network.PrefixLength.ToString(CultureInfo.InvariantCulture);

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
