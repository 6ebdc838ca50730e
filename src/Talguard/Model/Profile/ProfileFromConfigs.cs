using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Talguard.Hardening.PodSecurity;
using Talguard.Hardening.SecureBoot;
using Talguard.Model.Talhelper;
using Talguard.Model.Talos;

namespace Talguard.Model.Profile;

/// <summary>A profile filled from an existing cluster's configs, with a comment line per field saying where each value came from.</summary>
internal sealed record DerivedProfile(HardeningProfile Profile, IReadOnlyDictionary<string, string> Notes);

/// <summary>
/// <c>talguard init --from</c>: fills a profile from machine configs (control plane, worker) or a talhelper
/// <c>talconfig.yaml</c> through the typed views. Only names, versions, addresses and modes are taken, never a key, token
/// or passphrase. A value that is absent, or that the profile reader would refuse, keeps the default and gets a
/// <c>CHECK</c> note, so the written profile always reads back.
/// </summary>
internal static class ProfileFromConfigs
{
    public static DerivedProfile Derive(IReadOnlyList<SourceFile> files)
    {
        var model = new ClusterModel(files);
        var configs = model.NodeConfigs.OrderBy(f => f.IsControlPlane ? 0 : 1).ToList();
        var talhelperNodes = files.SelectMany(f => f.Documents).Where(d => d.Class == DocumentClass.TalhelperConfig)
            .Select(TalhelperConfig.Of).OfType<TalhelperConfig>().SelectMany(c => c.Nodes).ToList();
        if (configs.Count == 0)
        {
            var first = files[0].DisplayPath;
            throw new InputException(first, "holds no Talos machine config or talhelper talconfig.yaml: --from takes controlplane.yaml, worker.yaml or talconfig.yaml");
        }

        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        var sources = string.Join(", ", files.Select(f => f.DisplayPath));
        var defaults = HardeningProfile.Default;

        var name = Pick(configs, c => ClusterSettings.Of(c).ClusterName, ProfileSyntax.IsDnsLabel);
        var talos = Pick(configs, c => InstallSettings.Of(c).Image is { } image ? [new SettingValue(image.Document, image.Node)] : [], text => ProfileSyntax.TryParseTalosRelease(Tag(text) ?? string.Empty, out var line) && InRange(line), Tag);
        var kubernetes = Pick(configs, c => [.. ComponentSettings.Of(c, KubeComponent.Kubelet).Images, .. ComponentSettings.Of(c, KubeComponent.ApiServer).Images], IsKubernetesTag, KubernetesVersionOf);
        var endpoint = Pick(configs, c => ClusterSettings.Of(c).Endpoint, ProfileSyntax.IsHttpsEndpoint);
        var podCidr = Pick(configs, c => ClusterSettings.Of(c).PodSubnets, IsCidr);
        var serviceCidr = Pick(configs, c => ClusterSettings.Of(c).ServiceSubnets, IsCidr);

        var profile = defaults with
        {
            ClusterName = Use(notes, "cluster.name", name, defaults.ClusterName, sources),
            TalosRelease = Use(notes, "cluster.talosVersion", talos, defaults.TalosRelease, sources, "the install image's tag"),
            KubernetesVersion = Use(notes, "cluster.kubernetesVersion", kubernetes, defaults.KubernetesVersion, sources, "the kubelet or API server image tag"),
            Endpoint = Use(notes, "cluster.endpoint", endpoint, defaults.Endpoint, sources),
        };

        var nodes = ControlPlaneAddresses(configs, talhelperNodes);
        var guessedNodes = false;
        if (nodes.Count == 0 && Uri.TryCreate(profile.Endpoint, UriKind.Absolute, out var uri) && endpoint.Value is not null
            && ProfileSyntax.TryParseAddress(uri.Host.Trim('[', ']'), out var endpointAddress))
        {
            // No static address on a control-plane node (DHCP): the endpoint's address is the best guess (a node or a VIP beside them).
            nodes.Add((endpointAddress, "cluster.endpoint"));
            guessedNodes = true;
        }

        var network = ClusterNetwork(configs, nodes, notes, sources);
        profile = profile with
        {
            Network = network with
            {
                PodCidr = Use(notes, "network.podCidr", podCidr, defaults.Network.PodCidr, sources),
                ServiceCidr = Use(notes, "network.serviceCidr", serviceCidr, defaults.Network.ServiceCidr, sources),
            },
            Cni = Cni(configs, notes, sources),
            DiskEncryption = Encryption(configs, profile.TalosVersion, notes, sources),
            SecureBoot = SecureBoot(configs, profile.TalosRelease, notes, sources),
            PodSecurity = PodSecurity(configs, notes, sources),
        };

        if (guessedNodes)
        {
            profile = profile with { ControlPlaneNodes = [.. nodes.Select(n => n.Address.ToString())] };
            notes["cluster.controlPlaneNodes"] = $"CHECK: guessed from cluster.endpoint (no static address in {sources}); list your control-plane IPs";
        }
        else if (nodes.Count > 0)
        {
            profile = profile with { ControlPlaneNodes = [.. nodes.Select(n => n.Address.ToString())] };
            notes["cluster.controlPlaneNodes"] = "from " + string.Join(", ", nodes.Select(n => n.Source).Distinct(StringComparer.Ordinal));
        }
        else
        {
            notes["cluster.controlPlaneNodes"] = $"CHECK: not found in {sources} (no static address on a control-plane node): list your control-plane IPs";
        }

        return new DerivedProfile(profile, notes);
    }

    private static bool InRange(TalosVersion line) => line >= ProfileSyntax.OldestTalos && line <= ProfileSyntax.NewestTalos;

    private static string? Tag(string image) => ImageReference.TryParse(image, out var reference) ? reference.Tag : null;

    private static bool IsKubernetesTag(string image) =>
        KubernetesVersionOf(image) is { } version && ProfileSyntax.TryParseKubernetesVersion(version, out var minor) && minor >= ProfileSyntax.OldestKubernetesMinor;

    private static string? KubernetesVersionOf(string image) => Tag(image) is ['v', .. var rest] ? rest : null;

    private static bool IsCidr(string text) => ProfileSyntax.TryParseCidr(text, out _, out _);

    /// <summary>A value the configs agree on: the first one the profile accepts, with the file it came from; or why there is none.</summary>
    private static Found Pick(IReadOnlyList<TalosConfigFile> configs, Func<TalosConfigFile, IEnumerable<SettingValue>> values, Func<string, bool> accepts, Func<string, string?>? convert = null)
    {
        string? refused = null;
        foreach (var config in configs)
        {
            foreach (var value in values(config))
            {
                if (value.Text.Length == 0)
                {
                    continue;
                }

                if (accepts(value.Text))
                {
                    return new Found(convert is null ? value.Text : convert(value.Text), value.Document.File.DisplayPath, null);
                }

                refused ??= $"{value.Document.File.DisplayPath}:{value.Node.Start.Line} has '{Shorten(value.Text)}', which a profile does not accept";
            }
        }

        return new Found(null, null, refused);
    }

    private static string Shorten(string text) => Reports.DisplayText.Shorten(text, 80);

    private static string Use(Dictionary<string, string> notes, string path, Found found, string fallback, string sources, string? how = null)
    {
        if (found.Value is { } value)
        {
            notes[path] = "from " + found.Source + (how is null ? string.Empty : " (" + how + ")");
            return value;
        }

        notes[path] = found.Refused is { } refused ? $"CHECK: {refused}; the default stands" : $"CHECK: not found in {sources}";
        return fallback;
    }

    private static List<(IPAddress Address, string Source)> ControlPlaneAddresses(IReadOnlyList<TalosConfigFile> configs, IReadOnlyList<TalhelperNode> talhelperNodes)
    {
        var nodes = new List<(IPAddress, string)>();
        foreach (var node in talhelperNodes.Where(n => n.IsControlPlane))
        {
            // talhelper's ipAddress may list several addresses, comma-separated; the first is the node's.
            var first = node.Entry["ipAddress"]?.AsString()?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (first is not null && ProfileSyntax.TryParseAddress(first, out var address) && !nodes.Exists(n => n.Item1.Equals(address)))
            {
                nodes.Add((address, node.Config.DisplayPath));
            }
        }

        if (nodes.Count > 0)
        {
            return nodes;
        }

        foreach (var config in configs.Where(c => c.IsControlPlane))
        {
            if (NodeNetwork.Of(config).Addresses.FirstOrDefault(a => !IPAddress.IsLoopback(a.Address)) is { } first && !nodes.Exists(n => n.Item1.Equals(first.Address)))
            {
                nodes.Add((first.Address, config.File.DisplayPath));
            }
        }

        return nodes;
    }

    /// <summary>
    /// The node network: kubelet <c>nodeIP.validSubnets</c>, else the prefix of a control-plane address, else one guessed
    /// around the control-plane IPs; widened until it holds every control-plane node, which the reader requires.
    /// </summary>
    private static NetworkProfile ClusterNetwork(IReadOnlyList<TalosConfigFile> configs, List<(IPAddress Address, string Source)> nodes, Dictionary<string, string> notes, string sources)
    {
        var defaults = HardeningProfile.Default.Network;
        IpNetwork? network = null;
        string? source = null;
        foreach (var valid in configs.SelectMany(c => NodeNetwork.Of(c).ValidSubnets))
        {
            var parsed = valid.Values.Select(v => ProfileSyntax.TryParseCidr(v, out var cidr, out _) ? cidr : (IpNetwork?)null).FirstOrDefault(c => c is not null);
            if (parsed is not null)
            {
                (network, source) = (parsed, $"from {valid.Document.File.DisplayPath} (kubelet nodeIP.validSubnets)");
                break;
            }
        }

        var prefixed = configs.Where(c => c.IsControlPlane).SelectMany(c => NodeNetwork.Of(c).Addresses)
            .FirstOrDefault(a => nodes.Exists(n => a.Network.Contains(n.Address)));
        if (network is null && prefixed is not null)
        {
            (network, source) = (new IpNetwork(prefixed.Network.BaseAddress, prefixed.Network.PrefixLength), $"from {prefixed.Document.File.DisplayPath} (a control-plane address prefix)");
        }

        if (network is null && nodes.Count > 0)
        {
            var family = nodes[0].Address.AddressFamily;
            (network, source) = (new IpNetwork(nodes[0].Address, family == AddressFamily.InterNetwork ? 24 : 64), "CHECK: guessed around the control-plane IPs; set your node network");
        }

        if (network is not { } found)
        {
            notes["network.clusterCidr"] = $"CHECK: not found in {sources}";
            notes["network.managementCidrs"] = "CHECK: the networks your administrators run talosctl from";
            return defaults;
        }

        if (nodes.Count == 0 && !HardeningProfile.Default.ControlPlaneNodes.All(n => found.Contains(IPAddress.Parse(n))))
        {
            // The default control-plane node must stay inside the node network: both are the user's to set together.
            notes["network.clusterCidr"] = $"CHECK: {source} gives {found}; set it together with cluster.controlPlaneNodes";
            return defaults;
        }

        var widened = found;
        while (!nodes.TrueForAll(n => widened.Contains(n.Address)) && widened.PrefixLength > 8)
        {
            widened = new IpNetwork(widened.BaseAddress, widened.PrefixLength - 1);
        }

        if (!nodes.TrueForAll(n => widened.Contains(n.Address)))
        {
            notes["network.clusterCidr"] = "CHECK: the control-plane IPs share no node network; set it";
            return defaults;
        }

        notes["network.clusterCidr"] = widened.Equals(found) ? source! : $"CHECK: widened from {found} to hold every control-plane IP; check it";
        notes["network.managementCidrs"] = "the node network; narrow it to the networks your administrators run talosctl from";
        var cidr = widened.ToString();
        return defaults with { ClusterCidr = cidr, ManagementCidrs = [cidr] };
    }

    private static CniChoice Cni(IReadOnlyList<TalosConfigFile> configs, Dictionary<string, string> notes, string sources)
    {
        var configured = configs.SelectMany(c => ClusterSettings.Of(c).CniName).Where(v => v.Text.Length > 0).Select(v => (SettingValue?)v).FirstOrDefault();
        var (cni, note) = configured switch
        {
            null => (CniChoice.Flannel, $"from {sources} (no cluster.network.cni: Talos deploys flannel)"),
            { Text: "flannel" } flannel => (CniChoice.Flannel, $"from {flannel.Document.File.DisplayPath}"),
            { } other => (CniChoice.None, $"CHECK: {other.Document.File.DisplayPath} has cni '{Shorten(other.Text)}': set cilium or calico if that is what you install"),
        };
        notes["network.cni"] = note;
        return cni;
    }

    private static DiskEncryptionProfile Encryption(IReadOnlyList<TalosConfigFile> configs, TalosVersion talos, Dictionary<string, string> notes, string sources)
    {
        const string path = "diskEncryption.mode";
        var fallback = HardeningProfile.Default.DiskEncryption;
        foreach (var config in configs)
        {
            var state = DiskEncryptionSettings.Of(config).Volumes.FirstOrDefault(v => v.IsSystemVolume(EncryptedVolume.State));
            if (state is null)
            {
                continue;
            }

            var where = config.File.DisplayPath;
            var types = state.Keys.Select(k => k.Type).OfType<EncryptionKeyType>().ToHashSet();
            var tpm = state.Keys.FirstOrDefault(k => k.Type == EncryptionKeyType.Tpm);
            var pcrs = tpm?.TpmPcrs is { IsSequence: true } list && talos >= ProfileSyntax.TpmPcrsSince
                ? list.Items.Select(i => i.AsInt64()).ToList() is var values && values.TrueForAll(v => v is >= 0 and <= ProfileSyntax.MaxTpmPcr) && values.Count > 0 && values.Distinct().Count() == values.Count
                    ? values.Select(v => (int)v!.Value).ToList()
                    : null
                : null;
            if (types.Contains(EncryptionKeyType.Kms))
            {
                var endpoint = state.Keys.Select(k => k.KmsEndpoint?.AsString()).FirstOrDefault(e => e is not null);
                if (endpoint is not null && ProfileSyntax.IsHttpsEndpoint(endpoint))
                {
                    notes[path] = $"from {where} (STATE keys: kms)";
                    return new DiskEncryptionProfile(DiskEncryptionMode.Kms, endpoint);
                }

                notes[path] = $"CHECK: {where} seals STATE with a KMS whose endpoint a profile does not accept; the default stands";
                return fallback;
            }

            if (types.Contains(EncryptionKeyType.Tpm))
            {
                var recovery = types.Contains(EncryptionKeyType.Static);
                notes[path] = $"from {where} (STATE keys: tpm{(recovery ? " and a static recovery passphrase" : string.Empty)})";
                return new DiskEncryptionProfile(recovery ? DiskEncryptionMode.TpmWithRecovery : DiskEncryptionMode.Tpm, TpmPcrs: pcrs);
            }

            if (types.Contains(EncryptionKeyType.NodeId))
            {
                notes[path] = $"from {where} (STATE keys: nodeID; tpm is stronger where nodes have a TPM)";
                return new DiskEncryptionProfile(DiskEncryptionMode.NodeId);
            }

            notes[path] = $"CHECK: {where} keys STATE with a static passphrase only, which a profile does not offer; the default (tpm) stands";
            return fallback;
        }

        notes[path] = $"CHECK: no STATE encryption in {sources}; the default (tpm) stands, and encrypting an existing node wipes STATE (see harden's README)";
        return fallback;
    }

    private static SecureBootProfile SecureBoot(IReadOnlyList<TalosConfigFile> configs, string talosRelease, Dictionary<string, string> notes, string sources)
    {
        const string path = "secureBoot.enabled";
        var image = configs.Select(c => InstallSettings.Of(c).Image).FirstOrDefault(i => i?.Text is not null);
        if (image?.Text is not { } text)
        {
            notes[path] = $"CHECK: no install image in {sources}; the default stands";
            return HardeningProfile.Default.SecureBoot;
        }

        var where = image.Document.File.DisplayPath;
        if (!InstallImage.IsSecureBootInstaller(text, []))
        {
            notes[path] = $"from {where}: its installer is not a Secure Boot one; turning it on needs a reinstall from a Secure Boot ISO";
            return new SecureBootProfile(false);
        }

        if (!ImageReference.TryParse(text, out var reference) || (reference.Tag is { } tag && tag != talosRelease) || text.Any(char.IsWhiteSpace))
        {
            notes[path] = $"CHECK: {where} installs '{Shorten(text)}', whose tag is not cluster.talosVersion; the default installer stands";
            return HardeningProfile.Default.SecureBoot;
        }

        var segments = reference.PathSegments.ToList();
        var schematicAt = segments.IndexOf(InstallImage.SecureBootSegment) + 1;
        notes[path] = $"from {where} (a Secure Boot installer)";
        return reference.Registry == InstallImage.FactoryRegistry && schematicAt > 0 && schematicAt < segments.Count && ProfileSyntax.IsSchematicId(segments[schematicAt])
            ? new SecureBootProfile(true, SchematicId: segments[schematicAt])
            : new SecureBootProfile(true, InstallerImage: text);
    }

    private static PodSecurityProfile PodSecurity(IReadOnlyList<TalosConfigFile> configs, Dictionary<string, string> notes, string sources)
    {
        var fallback = HardeningProfile.Default.PodSecurity;
        foreach (var config in configs.Where(c => c.IsControlPlane))
        {
            if (AdmissionControlSettings.Of(config).PodSecurity?.Configuration is not { IsMapping: true } configuration)
            {
                continue;
            }

            var where = config.File.DisplayPath;
            var level = configuration.At("defaults", "enforce")?.AsString() is { } enforce && ProfileVocabulary.PodSecurityLevels.TryParse(enforce, out var parsed) ? parsed : fallback.Level;
            var exempt = configuration.At("exemptions", "namespaces") is { IsSequence: true } list
                ? list.Items.Select(i => i.AsString()).OfType<string>().Where(ProfileSyntax.IsDnsLabel).Distinct(StringComparer.Ordinal).ToList()
                : [.. fallback.ExemptNamespaces];
            notes["podSecurity.level"] = level == PodSecurityLevel.Restricted
                ? $"from {where}"
                : $"CHECK: {where} enforces {ProfileVocabulary.PodSecurityLevels.NameOf(level)}; restricted is stronger (check workloads with `talguard pss`)";
            notes["podSecurity.exemptNamespaces"] = $"from {where}";
            return new PodSecurityProfile(level, exempt);
        }

        notes["podSecurity.level"] = $"CHECK: no PodSecurity admission configuration in {sources}; the default stands";
        return fallback;
    }

    private readonly record struct Found(string? Value, string? Source, string? Refused);
}
