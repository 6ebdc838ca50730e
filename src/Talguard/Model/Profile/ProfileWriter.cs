using System.Globalization;
using System.Text;
using Talguard.Model.Talos.Patching;
using Talguard.Reports;

namespace Talguard.Model.Profile;

/// <summary>
/// Writes a profile as <c>talguard init</c> does: every field with a one-line comment saying what it does and what it
/// allows, optional fields that are unset as commented-out examples. <see cref="ProfileReader"/> reads the text back to
/// the same profile; the same profile always gives the same bytes.
/// </summary>
internal static class ProfileWriter
{
    /// <param name="profile">The profile to write.</param>
    /// <param name="notes">
    /// Extra comment lines keyed by a field's path (<c>cluster.talosVersion</c>), written under its description: where
    /// <c>init --from</c> took the value, or a <c>CHECK</c> when it found none and the default stands.
    /// </param>
    public static string Write(HardeningProfile profile, IReadOnlyDictionary<string, string>? notes = null)
    {
        var writer = new Writer(notes ?? new Dictionary<string, string>());
        writer.Line("# Talguard hardening profile. `talguard harden --profile talguard.profile.yaml --out hardened/` turns it into");
        writer.Line("# Talos config patches and Kubernetes manifests. An omitted field takes the value `talguard init` writes;");
        writer.Line("# reference: docs/profile.md; JSON schema for editors: `talguard init --schema`.");
        writer.Field(0, "apiVersion", ProfileReader.ApiVersion, "Profile format version; always " + ProfileReader.ApiVersion + ".");
        writer.Field(0, "kind", ProfileReader.Kind, "Always " + ProfileReader.Kind + ".");

        writer.Section("cluster", "The cluster the patches are for.");
        writer.Field(1, "cluster.name", profile.ClusterName, "Cluster name: a DNS label (lowercase letters, digits, '-').");
        writer.Field(1, "cluster.talosVersion", profile.TalosRelease, "Talos release the nodes run, vX.Y.Z from v1.11 to v1.14: picks the config forms and the installer tag.");
        writer.Field(1, "cluster.kubernetesVersion", profile.KubernetesVersion, "Kubernetes version, X.Y.Z, 1.28 or later.");
        writer.Field(1, "cluster.endpoint", profile.Endpoint, "Kubernetes API endpoint, https://HOST[:PORT] (cluster.controlPlane.endpoint).");
        writer.List(1, "cluster.controlPlaneNodes", profile.ControlPlaneNodes, "Control-plane node IPs: the only peers etcd accepts; each inside network.clusterCidr.");

        writer.Section("network", "Address plan and CNI: they decide the firewall rules and network policies.");
        writer.Field(1, "network.clusterCidr", profile.Network.ClusterCidr, "Node network (CIDR): trustd and the kubelet accept connections from it only.");
        writer.Field(1, "network.podCidr", profile.Network.PodCidr, "Pod network (cluster.network.podSubnets); must not overlap the node or service network.");
        writer.Field(1, "network.serviceCidr", profile.Network.ServiceCidr, "Service network (cluster.network.serviceSubnets); must not overlap the others.");
        writer.List(1, "network.managementCidrs", profile.Network.ManagementCidrs, "Networks talosctl may reach the Talos API (apid, 50000) from; at least one.");
        writer.List(1, "network.storageCidrs", profile.Network.StorageCidrs, "Storage networks (iSCSI, NFS, Ceph) the node firewall lets in; may be empty.");
        writer.Field(1, "network.cni", ProfileVocabulary.Cnis.NameOf(profile.Cni), "CNI: " + ProfileVocabulary.Cnis.Listed + " (cilium gets Cilium policies, others NetworkPolicies).");

        var disk = profile.DiskEncryption;
        writer.Section("diskEncryption", "LUKS2 encryption of STATE and EPHEMERAL.");
        writer.Field(1, "diskEncryption.mode", ProfileVocabulary.DiskEncryptionModes.NameOf(disk.Mode),
            "Key: tpm (sealed to the TPM), tpm+recovery (plus a recovery passphrase placeholder), kms (network KMS), nodeID.");
        writer.Optional(1, "diskEncryption.kmsEndpoint", disk.KmsEndpoint, "https://kms.example.com:4443", "KMS server URL, https://HOST[:PORT]; set only with mode kms.");
        writer.OptionalList(1, "diskEncryption.tpmPcrs", disk.TpmPcrs?.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToList(), "[7]",
            "TPM PCRs (0-23) the key is bound to; Talos v1.12+ and a tpm mode only; omitted: Talos's default.");

        var secureBoot = profile.SecureBoot;
        writer.Section("secureBoot", "UEFI Secure Boot: the installer image the nodes boot and upgrade from.");
        writer.Raw(1, "secureBoot.enabled", secureBoot.Enabled ? "true" : "false", "true: install from a Secure Boot installer (UKI, measured boot); false: leave the installer alone.");
        writer.Optional(1, "secureBoot.schematicId", secureBoot.SchematicId, "<64 hex digits>",
            "Image Factory schematic ID: factory.talos.dev/installer-secureboot/<id>:<talosVersion>; or installerImage, not both.");
        writer.Optional(1, "secureBoot.installerImage", secureBoot.InstallerImage, "factory.talos.dev/installer-secureboot/<id>:" + profile.TalosRelease,
            "A Secure Boot installer image (an installer-secureboot path segment) instead of schematicId.");

        writer.Section("podSecurity", "Pod Security admission defaults for every namespace.");
        writer.Field(1, "podSecurity.level", ProfileVocabulary.PodSecurityLevels.NameOf(profile.PodSecurity.Level), "Level enforced, audited and warned: " + ProfileVocabulary.PodSecurityLevels.Listed + ".");
        writer.List(1, "podSecurity.exemptNamespaces", profile.PodSecurity.ExemptNamespaces, "Namespaces exempt from the level (system components that need host access).");

        writer.Section("audit", "Kubernetes API server audit-log retention.");
        writer.Raw(1, "audit.maxAgeDays", Number(profile.Audit.MaxAgeDays), Bounds("maxAgeDays", "Days an audit log file is kept (audit-log-maxage)"));
        writer.Raw(1, "audit.maxBackups", Number(profile.Audit.MaxBackups), Bounds("maxBackups", "Rotated audit log files kept (audit-log-maxbackup)"));
        writer.Raw(1, "audit.maxSizeMegabytes", Number(profile.Audit.MaxSizeMegabytes), Bounds("maxSizeMegabytes", "Size in MB at which the audit log rotates (audit-log-maxsize)"));

        writer.Section("secretsAtRest", "Encryption of Kubernetes Secrets in etcd.");
        writer.Field(1, "secretsAtRest.provider", ProfileVocabulary.SecretsAtRestProviders.NameOf(profile.SecretsAtRest), "Provider: " + ProfileVocabulary.SecretsAtRestProviders.Listed + " (secretbox: XSalsa20-Poly1305, preferred).");

        writer.Blank();
        writer.Field(0, "compliance", ProfileVocabulary.ComplianceTargets.NameOf(profile.Compliance), "Framework the harden report maps to: " + ProfileVocabulary.ComplianceTargets.Listed + ".");
        return writer.ToString();
    }

    /// <summary>
    /// Plain when YAML reads the text back as this very string: besides what <see cref="ConfigYamlWriter.Scalar(string)"/>
    /// leaves plain, URLs and IPv6 addresses (a <c>:</c> never followed by a space), so the profile reads as people write it.
    /// </summary>
    private static string Scalar(string text)
    {
        var plain = text.Length > 0 && char.IsAsciiLetterOrDigit(text[0]) &&
            text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '+') &&
            !text.EndsWith(':') && ConfigScalar.PlainKind(text) == ScalarKind.String && text is not ("y" or "Y" or "n" or "N");
        return plain ? text : ConfigYamlWriter.Scalar(text);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bounds(string key, string description)
    {
        var (min, max) = ProfileReader.AuditBounds[key];
        return string.Create(CultureInfo.InvariantCulture, $"{description}; {min} to {max}.");
    }

    private sealed class Writer(IReadOnlyDictionary<string, string> notes)
    {
        private readonly StringBuilder _text = new();

        public void Line(string text) => _text.Append(text).Append('\n');

        public void Blank() => _text.Append('\n');

        public void Section(string key, string description)
        {
            Blank();
            Comment(0, description);
            Line(key + ":");
        }

        public void Field(int depth, string path, string value, string description)
        {
            Describe(depth, path, description);
            Line($"{Indent(depth)}{KeyOf(path)}: {Scalar(value)}");
        }

        /// <summary>A value written as it is: a boolean or a number, which YAML must read as one.</summary>
        public void Raw(int depth, string path, string value, string description)
        {
            Describe(depth, path, description);
            Line($"{Indent(depth)}{KeyOf(path)}: {value}");
        }

        public void List(int depth, string path, IReadOnlyList<string> values, string description)
        {
            Describe(depth, path, description);
            Items(depth, path, values);
        }

        public void Optional(int depth, string path, string? value, string example, string description)
        {
            Describe(depth, path, description);
            Line(value is null ? $"{Indent(depth)}# {KeyOf(path)}: {example}" : $"{Indent(depth)}{KeyOf(path)}: {Scalar(value)}");
        }

        public void OptionalList(int depth, string path, IReadOnlyList<string>? values, string example, string description)
        {
            Describe(depth, path, description);
            if (values is null)
            {
                Line($"{Indent(depth)}# {KeyOf(path)}: {example}");
                return;
            }

            Items(depth, path, values);
        }

        public override string ToString() => _text.ToString();

        private void Items(int depth, string path, IReadOnlyList<string> values)
        {
            if (values.Count == 0)
            {
                Line($"{Indent(depth)}{KeyOf(path)}: []");
                return;
            }

            Line($"{Indent(depth)}{KeyOf(path)}:");
            foreach (var value in values)
            {
                Line($"{Indent(depth + 1)}- {Scalar(value)}");
            }
        }

        private void Describe(int depth, string path, string description)
        {
            Comment(depth, description);
            if (notes.TryGetValue(path, out var note))
            {
                Comment(depth, note);
            }
        }

        private void Comment(int depth, string text) => Line($"{Indent(depth)}# {DisplayText.ForTerminal(text)}");

        private static string KeyOf(string path) => path[(path.LastIndexOf('.') + 1)..];

        private static string Indent(int depth) => new(' ', depth * 2);
    }
}
