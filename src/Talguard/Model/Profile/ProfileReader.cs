using System.Globalization;
using System.Net;
using Talguard.Hardening.SecureBoot;

namespace Talguard.Model.Profile;

/// <summary>
/// Reads <c>talguard.profile.yaml</c> (<c>apiVersion: talguard.dev/v1alpha1</c>, <c>kind: HardeningProfile</c>) into a
/// <see cref="HardeningProfile"/>. Omitted fields take <see cref="HardeningProfile.Default"/>'s values. Anything else
/// that is not exactly right (an unknown key, a value outside its allowed set, an address that is not strictly one, two
/// choices that contradict each other) is an <see cref="InputException"/> on the offending line that names the field,
/// what is allowed and, for a conflict, the fix.
/// </summary>
internal static class ProfileReader
{
    public const string ApiVersion = "talguard.dev/v1alpha1";

    public const string Kind = "HardeningProfile";

    public const string DefaultFileName = "talguard.profile.yaml";

    /// <summary>A profile is a page of hand-written settings; anything larger is not one.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    /// <summary>The keys of each mapping, in the order the writer and the docs list them.</summary>
    public static readonly IReadOnlyList<string> RootKeys = ["apiVersion", "kind", "cluster", "network", "diskEncryption", "secureBoot", "podSecurity", "audit", "secretsAtRest", "compliance"];

    public static readonly IReadOnlyList<string> ClusterKeys = ["name", "talosVersion", "kubernetesVersion", "endpoint", "controlPlaneNodes"];

    public static readonly IReadOnlyList<string> NetworkKeys = ["clusterCidr", "podCidr", "serviceCidr", "managementCidrs", "storageCidrs", "cni"];

    public static readonly IReadOnlyList<string> DiskEncryptionKeys = ["mode", "kmsEndpoint", "tpmPcrs"];

    public static readonly IReadOnlyList<string> SecureBootKeys = ["enabled", "schematicId", "installerImage"];

    public static readonly IReadOnlyList<string> PodSecurityKeys = ["level", "exemptNamespaces"];

    public static readonly IReadOnlyList<string> AuditKeys = ["maxAgeDays", "maxBackups", "maxSizeMegabytes"];

    public static readonly IReadOnlyList<string> SecretsAtRestKeys = ["provider"];

    /// <summary>Inclusive bounds of the audit retention fields; the JSON schema states the same.</summary>
    public static readonly IReadOnlyDictionary<string, (int Min, int Max)> AuditBounds = new Dictionary<string, (int, int)>(StringComparer.Ordinal)
    {
        ["maxAgeDays"] = (1, 3650),
        ["maxBackups"] = (1, 1000),
        ["maxSizeMegabytes"] = (1, 10240),
    };

    /// <summary>Reads the profile at <paramref name="path"/>; errors name <paramref name="displayPath"/> (the path as given) and a line.</summary>
    public static HardeningProfile Load(string path, string? displayPath = null)
    {
        var display = displayPath ?? path;
        var text = InputLoader.Decode(display, BoundedFile.ReadAllBytes(display, path, MaxFileBytes, yaml: true));
        return Read(InputLoader.Parse(display, Path.GetFullPath(path), text));
    }

    /// <summary>Reads a profile held in memory (standard input, tests).</summary>
    public static HardeningProfile Parse(string displayPath, string text)
    {
        if (text.Length > MaxFileBytes)
        {
            throw new InputException(displayPath, "larger than 1 MiB, too large for a profile");
        }

        return Read(InputLoader.Parse(displayPath, null, text));
    }

    public static HardeningProfile Read(SourceFile file)
    {
        var name = file.DisplayPath;
        var documents = file.Documents.Where(d => d.Class != DocumentClass.Empty).ToList();
        if (documents.Count != 1 || documents[0].Root is not { IsMapping: true } root)
        {
            var line = documents.Count > 1 ? documents[1].Start.Line : 1;
            throw new InputException(name, line, $"a profile is one YAML mapping starting with apiVersion: {ApiVersion} and kind: {Kind}");
        }

        var top = ProfileFields.Of(name, string.Empty, root, RootKeys);
        RequireExactly(top, "apiVersion", ApiVersion);
        RequireExactly(top, "kind", Kind);

        var defaults = HardeningProfile.Default;
        var cluster = top.Section("cluster", ClusterKeys);
        var network = top.Section("network", NetworkKeys);
        var disk = top.Section("diskEncryption", DiskEncryptionKeys);
        var secureBoot = top.Section("secureBoot", SecureBootKeys);
        var podSecurity = top.Section("podSecurity", PodSecurityKeys);
        var audit = top.Section("audit", AuditKeys);
        var secretsAtRest = top.Section("secretsAtRest", SecretsAtRestKeys);

        var (talosRelease, talosLine) = ReadTalosRelease(cluster, defaults);
        var networkProfile = ReadNetwork(network, defaults.Network);
        var nodes = ReadControlPlaneNodes(cluster, defaults.ControlPlaneNodes, network, networkProfile);

        return new HardeningProfile
        {
            ClusterName = ReadClusterName(cluster) ?? defaults.ClusterName,
            TalosRelease = talosRelease,
            KubernetesVersion = ReadKubernetesVersion(cluster) ?? defaults.KubernetesVersion,
            Endpoint = ReadEndpoint(cluster, "endpoint", "https://10.0.0.10:6443") ?? defaults.Endpoint,
            ControlPlaneNodes = nodes,
            Network = networkProfile,
            Cni = network?.Choice("cni", ProfileVocabulary.Cnis) ?? defaults.Cni,
            DiskEncryption = ReadDiskEncryption(disk, defaults.DiskEncryption, cluster, talosLine),
            SecureBoot = ReadSecureBoot(secureBoot, defaults.SecureBoot, talosRelease),
            PodSecurity = ReadPodSecurity(podSecurity, defaults.PodSecurity),
            Audit = ReadAudit(audit, defaults.Audit),
            SecretsAtRest = secretsAtRest?.Choice("provider", ProfileVocabulary.SecretsAtRestProviders) ?? defaults.SecretsAtRest,
            Compliance = top.Choice("compliance", ProfileVocabulary.ComplianceTargets) ?? defaults.Compliance,
        };
    }

    private static void RequireExactly(ProfileFields top, string key, string expected)
    {
        var text = top.String(key) ?? throw top.Fail(key, $"missing: a profile starts with {key}: {expected}");
        if (text != expected)
        {
            throw top.NotOneOf(key, text, expected);
        }
    }

    private static string? ReadClusterName(ProfileFields? cluster)
    {
        if (cluster?.String("name") is not { } name)
        {
            return null;
        }

        return ProfileSyntax.IsDnsLabel(name)
            ? name
            : throw cluster.Fail("name", $"{ProfileFields.Quote(name)} is not a DNS label (lowercase letters, digits and '-', at most 63 characters)");
    }

    private static (string Release, TalosVersion Line) ReadTalosRelease(ProfileFields? cluster, HardeningProfile defaults)
    {
        if (cluster?.String("talosVersion") is not { } text)
        {
            return (defaults.TalosRelease, defaults.TalosVersion);
        }

        if (!ProfileSyntax.TryParseTalosRelease(text, out var line))
        {
            throw cluster.Fail("talosVersion", $"{ProfileFields.Quote(text)} is not a Talos release like v1.12.4 (v, major, minor and patch)");
        }

        if (line < ProfileSyntax.OldestTalos || line > ProfileSyntax.NewestTalos)
        {
            throw cluster.Fail("talosVersion", $"{ProfileFields.Quote(text)} is not one of the supported Talos lines {ProfileSyntax.OldestTalos}, v1.12, v1.13, {ProfileSyntax.NewestTalos}");
        }

        return (text, line);
    }

    private static string? ReadKubernetesVersion(ProfileFields? cluster)
    {
        if (cluster?.String("kubernetesVersion") is not { } text)
        {
            return null;
        }

        if (!ProfileSyntax.TryParseKubernetesVersion(text, out var minor))
        {
            var hint = text.StartsWith('v') ? $": write it without the leading v, {ProfileFields.Quote(text[1..])}" : string.Empty;
            throw cluster.Fail("kubernetesVersion", $"{ProfileFields.Quote(text)} is not a Kubernetes version like 1.34.1 (major, minor and patch){hint}");
        }

        return minor >= ProfileSyntax.OldestKubernetesMinor
            ? text
            : throw cluster.Fail("kubernetesVersion", $"{ProfileFields.Quote(text)} is older than 1.{ProfileSyntax.OldestKubernetesMinor}, the oldest Kubernetes release harden supports");
    }

    private static string? ReadEndpoint(ProfileFields? fields, string key, string example)
    {
        if (fields?.String(key) is not { } text)
        {
            return null;
        }

        return ProfileSyntax.IsHttpsEndpoint(text)
            ? text
            : throw fields.Fail(key, $"{ProfileFields.Quote(text)} is not an https URL like {example} (https, a host and an optional port, no path)");
    }

    private static IReadOnlyList<string> ReadControlPlaneNodes(ProfileFields? cluster, IReadOnlyList<string> fallback, ProfileFields? network, NetworkProfile networkProfile)
    {
        const string key = "controlPlaneNodes";
        var clusterNetwork = Network(networkProfile.ClusterCidr);
        if (cluster?.List(key) is not { } items)
        {
            // Nodes left at their default must still sit in the cluster network the profile names.
            foreach (var node in fallback)
            {
                if (!clusterNetwork.Contains(IPAddress.Parse(node)))
                {
                    var blame = network is null ? "network.clusterCidr" : network.PathOf("clusterCidr");
                    throw new InputException(network?.File ?? string.Empty, network?.LineOf("clusterCidr") ?? 0,
                        $"{blame}: {networkProfile.ClusterCidr} does not contain the default control-plane node {node}: set cluster.controlPlaneNodes to your control-plane IPs");
                }
            }

            return fallback;
        }

        if (items.Count == 0)
        {
            throw cluster.Fail(key, "needs at least one control-plane node IP");
        }

        var nodes = new List<string>(items.Count);
        foreach (var (text, node) in items)
        {
            var path = $"{cluster.PathOf(key)}[{nodes.Count}]";
            if (!ProfileSyntax.TryParseAddress(text, out var address))
            {
                throw new InputException(cluster.File, node.Start.Line, $"{path}: {ProfileFields.Quote(text)} is not an IP address like 10.0.0.10");
            }

            if (nodes.Contains(text, StringComparer.Ordinal))
            {
                throw new InputException(cluster.File, node.Start.Line, $"{path}: {text} is listed twice");
            }

            // The firewall lets trustd and the kubelet in from the cluster network only: a control-plane node outside it
            // would be cut off from its own cluster, so this is an error, not a warning.
            if (!clusterNetwork.Contains(address))
            {
                throw new InputException(cluster.File, node.Start.Line,
                    $"{path}: {text} is outside network.clusterCidr {networkProfile.ClusterCidr}: widen network.clusterCidr to the network of every node or correct the address");
            }

            nodes.Add(text);
        }

        return nodes;
    }

    private static NetworkProfile ReadNetwork(ProfileFields? network, NetworkProfile fallback)
    {
        if (network is null)
        {
            return fallback;
        }

        var clusterCidr = Cidr(network, "clusterCidr") ?? fallback.ClusterCidr;
        var podCidr = Cidr(network, "podCidr") ?? fallback.PodCidr;
        var serviceCidr = Cidr(network, "serviceCidr") ?? fallback.ServiceCidr;
        var ranges = new[] { ("clusterCidr", clusterCidr), ("podCidr", podCidr), ("serviceCidr", serviceCidr) };
        for (var i = 0; i < ranges.Length; i++)
        {
            for (var j = i + 1; j < ranges.Length; j++)
            {
                if (Network(ranges[i].Item2).Overlaps(Network(ranges[j].Item2)))
                {
                    // Blame the later of the two keys the user wrote: that is the one to change.
                    var key = network.Node(ranges[j].Item1) is not null ? ranges[j].Item1 : ranges[i].Item1;
                    throw network.Fail(key,
                        $"{ranges[i].Item2} ({ranges[i].Item1}) and {ranges[j].Item2} ({ranges[j].Item1}) overlap: node, pod and service networks must be disjoint; choose a {key} that overlaps neither");
                }
            }
        }

        var management = CidrList(network, "managementCidrs") ?? fallback.ManagementCidrs;
        if (management.Count == 0)
        {
            throw network.Fail("managementCidrs", "needs at least one network: the firewall lets talosctl reach the Talos API only from these, so an empty list locks you out");
        }

        return new NetworkProfile(clusterCidr, podCidr, serviceCidr, management, CidrList(network, "storageCidrs") ?? fallback.StorageCidrs);
    }

    private static string? Cidr(ProfileFields fields, string key)
    {
        if (fields.String(key) is not { } text)
        {
            return null;
        }

        return ProfileSyntax.TryParseCidr(text, out _, out var problem) ? text : throw fields.Fail(key, $"{ProfileFields.Quote(text)} {problem}");
    }

    private static List<string>? CidrList(ProfileFields fields, string key)
    {
        if (fields.List(key) is not { } items)
        {
            return null;
        }

        var cidrs = new List<string>(items.Count);
        foreach (var (text, node) in items)
        {
            var path = $"{fields.PathOf(key)}[{cidrs.Count}]";
            if (!ProfileSyntax.TryParseCidr(text, out _, out var problem))
            {
                throw new InputException(fields.File, node.Start.Line, $"{path}: {ProfileFields.Quote(text)} {problem}");
            }

            if (cidrs.Contains(text, StringComparer.Ordinal))
            {
                throw new InputException(fields.File, node.Start.Line, $"{path}: {text} is listed twice");
            }

            cidrs.Add(text);
        }

        return cidrs;
    }

    private static IpNetwork Network(string cidr) =>
        ProfileSyntax.TryParseCidr(cidr, out var network, out _) ? network : throw new ArgumentException($"not a CIDR: {cidr}", nameof(cidr));

    private static DiskEncryptionProfile ReadDiskEncryption(ProfileFields? disk, DiskEncryptionProfile fallback, ProfileFields? cluster, TalosVersion talos)
    {
        if (disk is null)
        {
            return fallback;
        }

        var mode = disk.Choice("mode", ProfileVocabulary.DiskEncryptionModes) ?? fallback.Mode;
        var modeName = ProfileVocabulary.DiskEncryptionModes.NameOf(mode);
        var kmsEndpoint = ReadEndpoint(disk, "kmsEndpoint", "https://kms.example.com:4443");
        if (mode == DiskEncryptionMode.Kms && kmsEndpoint is null)
        {
            throw disk.Fail("mode", "kms needs the KMS server: set diskEncryption.kmsEndpoint (https://kms.example.com:4443) or choose another mode");
        }

        if (mode != DiskEncryptionMode.Kms && kmsEndpoint is not null)
        {
            throw disk.Fail("kmsEndpoint", $"is used only with mode kms, but the mode is {modeName}: remove diskEncryption.kmsEndpoint or set diskEncryption.mode to kms");
        }

        var pcrs = ReadTpmPcrs(disk);
        if (pcrs is not null)
        {
            if (mode is not (DiskEncryptionMode.Tpm or DiskEncryptionMode.TpmWithRecovery))
            {
                throw disk.Fail("tpmPcrs", $"binds a TPM-sealed key, but the mode is {modeName}: remove diskEncryption.tpmPcrs or set diskEncryption.mode to tpm or tpm+recovery");
            }

            if (talos < ProfileSyntax.TpmPcrsSince)
            {
                var talosPath = cluster is null ? "cluster.talosVersion" : cluster.PathOf("talosVersion");
                throw disk.Fail("tpmPcrs", $"TPM PCR binding needs Talos {ProfileSyntax.TpmPcrsSince} or later: remove diskEncryption.tpmPcrs or set {talosPath} to {ProfileSyntax.TpmPcrsSince}+");
            }
        }

        return new DiskEncryptionProfile(mode, kmsEndpoint, pcrs);
    }

    private static List<int>? ReadTpmPcrs(ProfileFields disk)
    {
        if (disk.List("tpmPcrs") is not { } items)
        {
            return null;
        }

        var pcrs = new List<int>(items.Count);
        foreach (var (text, node) in items)
        {
            var path = $"{disk.PathOf("tpmPcrs")}[{pcrs.Count}]";
            if (!node.IsPlain || text.Length is 0 or > 2 || (text.Length == 2 && text[0] == '0') || !text.All(char.IsAsciiDigit)
                || int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) is var pcr && pcr > ProfileSyntax.MaxTpmPcr)
            {
                throw new InputException(disk.File, node.Start.Line, $"{path}: {ProfileFields.Quote(text)} is not a PCR number from 0 to {ProfileSyntax.MaxTpmPcr}");
            }

            if (pcrs.Contains(pcr))
            {
                throw new InputException(disk.File, node.Start.Line, $"{path}: PCR {pcr} is listed twice");
            }

            pcrs.Add(pcr);
        }

        return pcrs.Count > 0
            ? pcrs
            : throw disk.Fail("tpmPcrs", "is empty: list the PCRs to bind (e.g. [7]) or remove diskEncryption.tpmPcrs to keep Talos's default");
    }

    private static SecureBootProfile ReadSecureBoot(ProfileFields? secureBoot, SecureBootProfile fallback, string talosRelease)
    {
        if (secureBoot is null)
        {
            return fallback;
        }

        var enabled = secureBoot.Bool("enabled") ?? fallback.Enabled;
        var schematic = secureBoot.String("schematicId");
        var image = secureBoot.String("installerImage");
        if (schematic is not null && !ProfileSyntax.IsSchematicId(schematic))
        {
            throw secureBoot.Fail("schematicId", $"{ProfileFields.Quote(schematic)} is not an Image Factory schematic ID (64 lowercase hex digits)");
        }

        if (schematic is not null && image is not null)
        {
            throw secureBoot.Fail("installerImage", "and secureBoot.schematicId are both set: keep one (the schematic ID names factory.talos.dev/installer-secureboot/<id>)");
        }

        if (!enabled)
        {
            var named = schematic is not null ? "schematicId" : image is not null ? "installerImage" : null;
            return named is null
                ? new SecureBootProfile(false)
                : throw secureBoot.Fail(named, $"is used only when Secure Boot is on: remove secureBoot.{named} or set secureBoot.enabled: true");
        }

        if (image is not null)
        {
            CheckInstallerImage(secureBoot, image, talosRelease);
            return new SecureBootProfile(true, InstallerImage: image);
        }

        return new SecureBootProfile(true, SchematicId: schematic ?? fallback.SchematicId ?? InstallImage.VanillaSchematic);
    }

    private static void CheckInstallerImage(ProfileFields secureBoot, string image, string talosRelease)
    {
        if (!ImageReference.TryParse(image, out var reference) || image.Any(char.IsWhiteSpace))
        {
            throw secureBoot.Fail("installerImage", $"{ProfileFields.Quote(image)} is not an image reference like factory.talos.dev/installer-secureboot/<schematic>:{talosRelease}");
        }

        if (!InstallImage.IsSecureBootInstaller(image, []))
        {
            throw secureBoot.Fail("installerImage",
                $"{ProfileFields.Quote(image)} is not a Secure Boot installer (no installer-secureboot path segment): use factory.talos.dev/installer-secureboot/<schematic>:{talosRelease} or set secureBoot.schematicId instead");
        }

        if (reference.Tag is { } tag && tag != talosRelease)
        {
            throw secureBoot.Fail("installerImage", $"tag {ProfileFields.Quote(tag)} is not cluster.talosVersion {talosRelease}: tag the installer {talosRelease} or change cluster.talosVersion");
        }
    }

    private static PodSecurityProfile ReadPodSecurity(ProfileFields? podSecurity, PodSecurityProfile fallback)
    {
        if (podSecurity is null)
        {
            return fallback;
        }

        var level = podSecurity.Choice("level", ProfileVocabulary.PodSecurityLevels) ?? fallback.Level;
        if (podSecurity.List("exemptNamespaces") is not { } items)
        {
            return fallback with { Level = level };
        }

        var namespaces = new List<string>(items.Count);
        foreach (var (text, node) in items)
        {
            var path = $"{podSecurity.PathOf("exemptNamespaces")}[{namespaces.Count}]";
            if (!ProfileSyntax.IsDnsLabel(text))
            {
                throw new InputException(podSecurity.File, node.Start.Line, $"{path}: {ProfileFields.Quote(text)} is not a namespace name (a DNS label)");
            }

            if (namespaces.Contains(text, StringComparer.Ordinal))
            {
                throw new InputException(podSecurity.File, node.Start.Line, $"{path}: {text} is listed twice");
            }

            namespaces.Add(text);
        }

        return new PodSecurityProfile(level, namespaces);
    }

    private static AuditProfile ReadAudit(ProfileFields? audit, AuditProfile fallback)
    {
        if (audit is null)
        {
            return fallback;
        }

        return new AuditProfile(
            Bounded(audit, "maxAgeDays") ?? fallback.MaxAgeDays,
            Bounded(audit, "maxBackups") ?? fallback.MaxBackups,
            Bounded(audit, "maxSizeMegabytes") ?? fallback.MaxSizeMegabytes);

        static int? Bounded(ProfileFields audit, string key) => audit.Int(key, AuditBounds[key].Min, AuditBounds[key].Max);
    }
}
