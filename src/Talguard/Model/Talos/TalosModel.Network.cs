using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>network</c> config package.</summary>
    private static class Network
    {
        public static ObjectShape AddressConfig => Obj(
            Field("address", Str),
            Field("routePriority", Int));

        public static ObjectShape BGPBFDConfig => Obj(
            Field("transmitInterval", Str),
            Field("receiveInterval", Str),
            Field("detectMultiplier", Int));

        public static ObjectShape BGPImportRoute => Obj(
            Field("bgpInstance", Str),
            Field("prefixes", ListOf(Str)));

        /// <summary>The <c>BGPInstanceConfig</c> document.</summary>
        public static ObjectShape BGPInstanceConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("vrf", Str),
            Field("localASN", Int),
            Field("routerID", Str),
            Field("routeSource", Str),
            Field("advertise", ListOf(Str)),
            Field("multipath", Bool),
            Field("maxPaths", Int),
            Field("installRoutes", Bool),
            Field("importRoutes", ListOf(BGPImportRoute)),
            Field("neighbors", ListOf(BGPNeighborConfig)));

        public static ObjectShape BGPNeighborConfig => Obj(
            Field("address", Str),
            Field("link", Str),
            Field("peerASN", Int),
            Field("localASN", Int),
            Field("passive", Bool),
            Field("holdTime", Str),
            Field("bfd", BGPBFDConfig));

        /// <summary>The <c>BlackholeRouteConfig</c> document.</summary>
        public static ObjectShape BlackholeRouteConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("metric", Int));

        /// <summary>The <c>BondConfig</c> document.</summary>
        public static ObjectShape BondConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("hardwareAddr", Str),
            Field("links", ListOf(Str)),
            Field("bondMode", Str),
            Field("miimon", Int),
            Field("updelay", Int),
            Field("downdelay", Int),
            Field("useCarrier", Bool),
            Field("xmitHashPolicy", Str),
            Field("arpInterval", Int),
            Field("arpIpTargets", ListOf(Str)),
            Field("nsIp6Targets", ListOf(Str)),
            Field("arpValidate", Str),
            Field("arpAllTargets", Str),
            Field("lacpRate", Str),
            Field("failOverMac", Str),
            Field("adSelect", Str),
            Field("adActorSysPrio", Int),
            Field("adUserPortKey", Int),
            Field("adLACPActive", Str),
            Field("primaryReselect", Str),
            Field("resendIGMP", Int),
            Field("minLinks", Int),
            Field("lpInterval", Int),
            Field("packetsPerSlave", Int),
            Field("numPeerNotif", Int),
            Field("tlbLogicalLb", Int),
            Field("allSlavesActive", Int),
            Field("peerNotifDelay", Int),
            Field("missedMax", Int),
            Field("up", Bool),
            Field("mtu", Int),
            Field("addresses", ListOf(AddressConfig)),
            Field("routes", ListOf(RouteConfig)),
            Field("multicast", Bool));

        /// <summary>The <c>BridgeConfig</c> document.</summary>
        public static ObjectShape BridgeConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("hardwareAddr", Str),
            Field("links", ListOf(Str)),
            Field("stp", BridgeSTPConfig),
            Field("vlan", BridgeVLANConfig),
            Field("up", Bool),
            Field("mtu", Int),
            Field("addresses", ListOf(AddressConfig)),
            Field("routes", ListOf(RouteConfig)),
            Field("multicast", Bool));

        public static ObjectShape BridgeSTPConfig => Obj(
            Field("enabled", Bool));

        public static ObjectShape BridgeVLANConfig => Obj(
            Field("filtering", Bool));

        public static ObjectShape CommonLinkConfig => Obj(
            Field("up", Bool),
            Field("mtu", Int),
            Field("addresses", ListOf(AddressConfig)),
            Field("routes", ListOf(RouteConfig)),
            Field("multicast", Bool));

        public static ObjectShape CommonProbeConfig => Obj(
            Field("interval", Str),
            Field("failureThreshold", Int));

        /// <summary>The <c>DHCPv4Config</c> document.</summary>
        public static ObjectShape DHCPv4Config => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("routeMetric", Int),
            Field("ignoreHostname", Bool),
            Field("clientIdentifier", Str),
            Field("duidRaw", Str),
            Field("ignoreRoutes", Bool).Since(1, 14));

        /// <summary>The <c>DHCPv6Config</c> document.</summary>
        public static ObjectShape DHCPv6Config => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("routeMetric", Int),
            Field("ignoreHostname", Bool),
            Field("clientIdentifier", Str),
            Field("duidRaw", Str));

        /// <summary>The <c>NetworkDefaultActionConfig</c> document.</summary>
        public static ObjectShape DefaultActionConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("ingress", Str));

        /// <summary>The <c>DummyLinkConfig</c> document.</summary>
        public static ObjectShape DummyLinkConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("hardwareAddr", Str),
            Field("up", Bool),
            Field("mtu", Int),
            Field("addresses", ListOf(AddressConfig)),
            Field("routes", ListOf(RouteConfig)),
            Field("multicast", Bool));

        public static ObjectShape EthernetChannelsConfig => Obj(
            Field("rx", Int),
            Field("tx", Int),
            Field("other", Int),
            Field("combined", Int));

        /// <summary>The <c>EthernetConfig</c> document.</summary>
        public static ObjectShape EthernetConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("features", MapOf(Bool)),
            Field("rings", EthernetRingsConfig),
            Field("channels", EthernetChannelsConfig),
            Field("wakeOnLan", ListOf(Str)).Since(1, 12));

        public static ObjectShape EthernetRingsConfig => Obj(
            Field("rx", Int),
            Field("tx", Int),
            Field("rx-mini", Int),
            Field("rx-jumbo", Int),
            Field("rx-buf-len", Int),
            Field("cqe-size", Int),
            Field("tx-push", Bool),
            Field("rx-push", Bool),
            Field("tx-push-buf-len", Int),
            Field("tcp-data-split", Bool));

        /// <summary>The <c>HCloudVIPConfig</c> document.</summary>
        public static ObjectShape HCloudVIPConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("link", Str),
            Field("apiToken", Str));

        /// <summary>The <c>HTTPProbeConfig</c> document.</summary>
        public static ObjectShape HTTPProbeConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("interval", Str),
            Field("failureThreshold", Int),
            Field("url", Str),
            Field("timeout", Str));

        public static ObjectShape HostDNSConfig => Obj(
            Field("enabled", Bool),
            Field("forwardKubeDNSToHost", Bool),
            Field("resolveMemberNames", Bool));

        /// <summary>The <c>HostnameConfig</c> document.</summary>
        public static ObjectShape HostnameConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("auto", Str),
            Field("hostname", Str));

        public static ObjectShape IngressRule => Obj(
            Field("subnet", Str),
            Field("except", Str));

        /// <summary>The <c>KubeSpanConfig</c> document.</summary>
        public static ObjectShape KubeSpanConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("enabled", Bool),
            Field("advertiseKubernetesNetworks", Bool),
            Field("allowDownPeerBypass", Bool),
            Field("harvestExtraEndpoints", Bool),
            Field("mtu", Int),
            Field("filters", KubeSpanFiltersConfig));

        public static ObjectShape KubeSpanFiltersConfig => Obj(
            Field("endpoints", ListOf(Str)),
            Field("excludeAdvertisedNetworks", ListOf(Str)));

        /// <summary>The <c>KubeSpanEndpointsConfig</c> document (the schemas say KubeSpanEndpoints).</summary>
        public static ObjectShape KubespanEndpointsConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("extraAnnouncedEndpoints", ListOf(Str)));

        /// <summary>The <c>Layer2VIPConfig</c> document.</summary>
        public static ObjectShape Layer2VIPConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("link", Str));

        /// <summary>The <c>LinkAliasConfig</c> document.</summary>
        public static ObjectShape LinkAliasConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("selector", LinkSelector));

        /// <summary>The <c>LinkConfig</c> document.</summary>
        public static ObjectShape LinkConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("up", Bool),
            Field("mtu", Int),
            Field("addresses", ListOf(AddressConfig)),
            Field("routes", ListOf(RouteConfig)),
            Field("multicast", Bool));

        public static ObjectShape LinkSelector => Obj(
            Field("match", Str));

        public static ObjectShape NTPConfig => Obj(
            Field("servers", ListOf(Str)),
            Field("useNTS", Bool).Since(1, 14));

        public static ObjectShape NameserverConfig => Obj(
            Field("address", Str),
            Field("protocol", Str).Since(1, 14),
            Field("tlsServerName", Str).Since(1, 14));

        public static ObjectShape PTPConfig => Obj(
            Field("devices", ListOf(Str)));

        /// <summary>The <c>ResolverConfig</c> document.</summary>
        public static ObjectShape ResolverConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("nameservers", ListOf(NameserverConfig)),
            Field("searchDomains", SearchDomainsConfig),
            Field("hostDNS", HostDNSConfig).Since(1, 14));

        public static ObjectShape RouteConfig => Obj(
            Field("destination", Str),
            Field("gateway", Str),
            Field("source", Str),
            Field("metric", Int),
            Field("mtu", Int),
            Field("table", Str));

        /// <summary>The <c>RoutingRuleConfig</c> document.</summary>
        public static ObjectShape RoutingRuleConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("src", Str),
            Field("dst", Str),
            Field("table", Str),
            Field("action", Int),
            Field("iifName", Str),
            Field("oifName", Str),
            Field("fwMark", Int),
            Field("fwMask", Int));

        /// <summary>The <c>NetworkRuleConfig</c> document.</summary>
        public static ObjectShape RuleConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("portSelector", RulePortSelector),
            Field("ingress", ListOf(IngressRule)));

        public static ObjectShape RulePortSelector => Obj(
            Field("ports", ListOf(IntOrString)),
            Field("protocol", Str));

        public static ObjectShape SearchDomainsConfig => Obj(
            Field("domains", ListOf(Str)),
            Field("disableDefault", Bool));

        /// <summary>The <c>StaticHostConfig</c> document.</summary>
        public static ObjectShape StaticHostConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("hostnames", ListOf(Str)));

        /// <summary>The <c>TCPProbeConfig</c> document.</summary>
        public static ObjectShape TCPProbeConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("interval", Str),
            Field("failureThreshold", Int),
            Field("endpoint", Str),
            Field("timeout", Str));

        /// <summary>The <c>TimeSyncConfig</c> document.</summary>
        public static ObjectShape TimeSyncConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("enabled", Bool),
            Field("bootTimeout", Str),
            Field("ntp", NTPConfig),
            Field("ptp", PTPConfig));

        /// <summary>The <c>VLANConfig</c> document.</summary>
        public static ObjectShape VLANConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("vlanID", Int),
            Field("vlanMode", Str),
            Field("parent", Str),
            Field("up", Bool),
            Field("mtu", Int),
            Field("addresses", ListOf(AddressConfig)),
            Field("routes", ListOf(RouteConfig)),
            Field("multicast", Bool));

        /// <summary>The <c>VRFConfig</c> document.</summary>
        public static ObjectShape VRFConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("hardwareAddr", Str),
            Field("links", ListOf(Str)),
            Field("table", Str),
            Field("up", Bool),
            Field("mtu", Int),
            Field("addresses", ListOf(AddressConfig)),
            Field("routes", ListOf(RouteConfig)),
            Field("multicast", Bool));

        /// <summary>The <c>VethConfig</c> document.</summary>
        public static ObjectShape VethConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("peer", VethPeerConfig),
            Field("up", Bool),
            Field("mtu", Int),
            Field("addresses", ListOf(AddressConfig)),
            Field("routes", ListOf(RouteConfig)),
            Field("multicast", Bool));

        public static ObjectShape VethPeerConfig => Obj(
            Field("name", Str),
            Field("up", Bool),
            Field("mtu", Int),
            Field("addresses", ListOf(AddressConfig)),
            Field("routes", ListOf(RouteConfig)),
            Field("multicast", Bool));

        /// <summary>The <c>WireguardConfig</c> document.</summary>
        public static ObjectShape WireguardConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("privateKey", Str),
            Field("listenPort", Int),
            Field("firewallMark", Int),
            Field("peers", ListOf(WireguardPeer)),
            Field("up", Bool),
            Field("mtu", Int),
            Field("addresses", ListOf(AddressConfig)),
            Field("routes", ListOf(RouteConfig)),
            Field("multicast", Bool));

        public static ObjectShape WireguardPeer => Obj(
            Field("publicKey", Str),
            Field("presharedKey", Str),
            Field("endpoint", Str),
            Field("persistentKeepaliveInterval", Str),
            Field("allowedIPs", ListOf(Str)));
    }
}
