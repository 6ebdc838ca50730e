using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Talguard.Model.Profile;

/// <summary>
/// Strict forms of the profile's addresses, versions and names. Stricter than <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>,
/// which reads <c>10.1</c> as <c>10.0.0.1</c>: a profile value means exactly what it says or is refused.
/// </summary>
internal static partial class ProfileSyntax
{
    /// <summary>The Talos release lines harden knows the document forms of.</summary>
    public static readonly TalosVersion OldestTalos = new(1, 11);

    public static readonly TalosVersion NewestTalos = new(1, 14);

    /// <summary>The oldest Kubernetes minor accepted: PodSecurity admission is GA and its feature gate gone from 1.28.</summary>
    public const int OldestKubernetesMinor = 28;

    /// <summary>The first Talos line that binds a TPM-sealed disk key to chosen PCRs (<c>options.pcrs</c>).</summary>
    public static readonly TalosVersion TpmPcrsSince = new(1, 12);

    public const int MaxTpmPcr = 23;

    [GeneratedRegex(@"^v1\.(0|[1-9][0-9]?)\.(0|[1-9][0-9]{0,3})(-(alpha|beta|rc)\.(0|[1-9][0-9]?))?$", RegexOptions.CultureInvariant)]
    private static partial Regex TalosReleasePattern();

    [GeneratedRegex(@"^1\.(0|[1-9][0-9]?)\.(0|[1-9][0-9]{0,3})$", RegexOptions.CultureInvariant)]
    private static partial Regex KubernetesVersionPattern();

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4Pattern();

    [GeneratedRegex(@"^[0-9a-fA-F:.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv6CharactersPattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabelPattern();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostNamePattern();

    [GeneratedRegex(@"^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchematicIdPattern();

    /// <summary><c>v1.12.4</c> (or a pre-release such as <c>v1.13.0-beta.1</c>); the line is returned for range checks.</summary>
    public static bool TryParseTalosRelease(string text, out TalosVersion line) =>
        TalosVersion.TryParse(text, out line) && TalosReleasePattern().IsMatch(text);

    /// <summary><c>1.34.1</c>: the minor is returned for range checks.</summary>
    public static bool TryParseKubernetesVersion(string text, out int minor)
    {
        minor = 0;
        var match = KubernetesVersionPattern().Match(text);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out minor);
    }

    /// <summary>A DNS label (RFC 1123): cluster and namespace names.</summary>
    public static bool IsDnsLabel(string text) => DnsLabelPattern().IsMatch(text);

    /// <summary>An Image Factory schematic ID: 64 lowercase hex digits.</summary>
    public static bool IsSchematicId(string text) => SchematicIdPattern().IsMatch(text);

    /// <summary>An IPv4 address in dotted-quad form without leading zeros, or an IPv6 address without a zone.</summary>
    public static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (Ipv4Pattern().IsMatch(text))
        {
            address = IPAddress.Parse(text);
            return true;
        }

        if (text.Contains(':', StringComparison.Ordinal) && Ipv6CharactersPattern().IsMatch(text)
            && IPAddress.TryParse(text, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6)
        {
            address = parsed;
            return true;
        }

        return false;
    }

    /// <summary>
    /// <c>ADDRESS/PREFIX</c> with no host bits set. On failure, <paramref name="problem"/> says why and, when only host
    /// bits are wrong, names the network meant.
    /// </summary>
    public static bool TryParseCidr(string text, out IpNetwork network, out string problem)
    {
        network = default;
        problem = "is not a CIDR like 10.0.0.0/24 or fd00::/64";
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !TryParseAddress(text[..slash], out var address))
        {
            return false;
        }

        var prefixText = text[(slash + 1)..];
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefixText.Length is 0 or > 3 || (prefixText.Length > 1 && prefixText[0] == '0')
            || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > bits)
        {
            return false;
        }

        var candidate = new IpNetwork(address, prefix);
        if (!candidate.BaseAddress.Equals(address))
        {
            problem = $"has host bits set: did you mean {candidate}?";
            return false;
        }

        network = candidate;
        return true;
    }

    /// <summary>
    /// An endpoint URL <c>https://HOST[:PORT]</c> (HOST an address, <c>[IPv6]</c> or a DNS name), nothing after the port
    /// but an optional <c>/</c>.
    /// </summary>
    public static bool IsHttpsEndpoint(string text)
    {
        const string scheme = "https://";
        if (!text.StartsWith(scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text[scheme.Length..];
        if (rest.EndsWith('/'))
        {
            rest = rest[..^1];
        }

        string host;
        string? port = null;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !TryParseAddress(rest[1..close], out var inBrackets) || inBrackets.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            host = rest[1..close];
            var after = rest[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return false;
                }

                port = after[1..];
            }
        }
        else
        {
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? rest : rest[..colon];
            port = colon < 0 ? null : rest[(colon + 1)..];
            var lastLabel = host[(host.LastIndexOf('.') + 1)..];
            var looksNumeric = lastLabel.Length > 0 && lastLabel.All(char.IsAsciiDigit);
            if (looksNumeric ? !TryParseAddress(host, out _) : !HostNamePattern().IsMatch(host))
            {
                return false;
            }
        }

        return host.Length > 0 && (port is null || IsPort(port));
    }

    private static bool IsPort(string text) =>
        text.Length is > 0 and <= 5 && text[0] != '0' && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535;
}

/// <summary>An address prefix: <see cref="BaseAddress"/> has every bit past <see cref="PrefixLength"/> cleared.</summary>
internal readonly record struct IpNetwork
{
    public IpNetwork(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        BaseAddress = new IPAddress(bytes);
        PrefixLength = prefixLength;
    }

    public IPAddress BaseAddress { get; }

    public int PrefixLength { get; }

    public bool Contains(IPAddress address) =>
        address.AddressFamily == BaseAddress.AddressFamily && new IpNetwork(address, PrefixLength).BaseAddress.Equals(BaseAddress);

    /// <summary>Two prefixes overlap when the shorter one contains the other's base address.</summary>
    public bool Overlaps(IpNetwork other) =>
        PrefixLength <= other.PrefixLength ? Contains(other.BaseAddress) : other.Contains(BaseAddress);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{BaseAddress}/{PrefixLength}");
}
