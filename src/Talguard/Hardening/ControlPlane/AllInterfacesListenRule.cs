using System.Globalization;
using System.Net;
using Talguard.Findings;
using Talguard.Hardening.Network;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ControlPlane;

/// <summary>
/// TG-K8S-011: the controller manager or scheduler binds to every interface, or etcd serves metrics on every interface,
/// while no ingress firewall shown in the input limits the port.
/// </summary>
public sealed class AllInterfacesListenRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-K8S-011", Severity.Medium, Section.ControlPlane,
        "Control-plane component listens on all interfaces",
        "Talos binds the controller manager (10257) and the scheduler (10259) to 127.0.0.1 and etcd serves metrics only on its TLS "
        + "client port. Setting bind-address to 0.0.0.0 or ::, usually for Prometheus, or etcd listen-metrics-urls on 0.0.0.0 (plain "
        + "HTTP, 2381 by convention) opens these endpoints to every network the node is on: health, metrics and, for etcd, cluster "
        + "details without authentication. With the ingress firewall on and those ports allowed only from the cluster network, the "
        + "exposure is contained and the rule stays silent.",
        "Leave bind-address at Talos's 127.0.0.1 (or bind to the node's cluster address) and etcd listen-metrics-urls on 127.0.0.1; "
        + "if metrics must be scraped from the network, enable the ingress firewall and allow 10257, 10259 and 2381 only from the "
        + "cluster subnet (NetworkRuleConfig).",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("1.3.7 1.4.2", "1.3.1 2.2.4", "CC6.1 CC6.6"));

    private static readonly (KubeComponent Component, string Name, int SecurePort)[] BoundComponents =
    [
        (KubeComponent.ControllerManager, "controller-manager", 10257),
        (KubeComponent.Scheduler, "scheduler", 10259),
    ];

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            var firewalls = ShownFirewall.For(context, file);
            foreach (var (component, name, defaultPort) in BoundComponents)
            {
                var settings = ComponentSettings.Of(file, component);
                var port = settings.ArgValues("secure-port").Select(a => ParsePort(a.Arg.Value)).LastOrDefault(p => p > 0, defaultPort);
                if (ShownFirewall.Limits(firewalls, port))
                {
                    continue;
                }

                foreach (var (document, arg) in settings.ArgValues("bind-address").Where(a => IsEveryAddress(a.Arg.Value.Trim())))
                {
                    var loopback = IPAddress.Parse(arg.Value.Trim().Trim('[', ']')).Equals(IPAddress.IPv6Any) ? "::1" : "127.0.0.1";
                    context.Report(Definition, document, arg.Node,
                        $"{name} bind-address {arg.Value.Trim()}: its secure port {port} answers on every interface of the node{FirewallNote(firewalls)}",
                        ComponentArgs.Patch(document, arg, loopback));
                }
            }

            foreach (var (document, arg) in ComponentSettings.Of(file, KubeComponent.Etcd).ArgValues("listen-metrics-urls"))
            {
                var urls = ComponentArgs.Siblings(arg).SelectMany(ExtraArgs.SplitList).ToList();
                var exposed = ExtraArgs.SplitList(arg.Value).Select(ParseUrl).OfType<Uri>()
                    .Where(u => IsEveryAddress(u.Host) && !ShownFirewall.Limits(firewalls, u.Port)).ToList();
                if (exposed.Count == 0)
                {
                    continue;
                }

                var plaintext = exposed.Any(u => u.Scheme == Uri.UriSchemeHttp) ? " in plain HTTP" : string.Empty;
                context.Report(Definition, document, arg.Node,
                    $"etcd serves metrics{plaintext} on every interface of the node (port {exposed[0].Port}){FirewallNote(firewalls)}",
                    ComponentArgs.Patch(document, arg, string.Join(',', urls.Select(Loopback))));
            }
        }
    }

    private static string FirewallNote(IReadOnlyList<IngressFirewall> firewalls) =>
        firewalls.Count == 0 ? " and no ingress firewall in the input limits it" : "; the ingress firewall allows it from anywhere";

    /// <summary>0.0.0.0 or :: (also written [::]): what Go's net.Listen binds to every interface.</summary>
    private static bool IsEveryAddress(string host) =>
        Cidr.TryParseAddress(host.Trim('[', ']'), out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));

    private static Uri? ParseUrl(string text) => Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Port > 0 ? url : null;

    /// <summary>The URL with an all-interfaces host replaced by the loopback address of its family; other URLs as written.</summary>
    private static string Loopback(string text)
    {
        if (ParseUrl(text) is not { } url || !IsEveryAddress(url.Host))
        {
            return text;
        }

        var host = url.Host.Contains(':', StringComparison.Ordinal) ? "[::1]" : "127.0.0.1";
        return $"{url.Scheme}://{host}:{url.Port.ToString(CultureInfo.InvariantCulture)}{url.AbsolutePath.TrimEnd('/')}";
    }

    private static int ParsePort(string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port : 0;
}
