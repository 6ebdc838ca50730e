using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;
using ScalarKind = Talguard.Model.Talos.Patching.ScalarKind;

namespace Talguard.Model.Talhelper;

/// <summary>
/// The machine config talhelper's <c>genconfig</c> writes for one node (<c>pkg/generate/config.go</c>), built in its
/// order: the config Talos generates for the node's role and release, the node's own fields
/// (<c>pkg/talos/nodeconfig.go</c>), the documents talhelper generates (<c>pkg/talos/multidocs.go</c>), then the group and
/// node patches, then the global patches last. Every value points where it was set: a talconfig.yaml field or patch line,
/// else (a generated default) the node's entry.
/// </summary>
internal static class TalhelperNodeConfig
{
    /// <summary>The Image Factory ID of the empty schematic, which talhelper uses when a node has none.</summary>
    private const string EmptySchematicId = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

    /// <summary>Stands in for the ID the Image Factory gives a node's schematic (it is not computed here).</summary>
    private const string CustomSchematicId = "schematic-id";

    /// <summary>The node's merged config; null, with why, when one of its patches does not apply to it.</summary>
    /// <remarks>
    /// A patch that cannot apply is not bad input here as it is for <c>scan --merge</c>: whether it applies depends on the
    /// talhelper and Talos releases (a JSON 6902 patch, a delete of a default a release does not write), which the scan
    /// can only approximate. The patch is still judged where it is written.
    /// </remarks>
    /// <exception cref="InputException">A patch file is missing or unreadable, or a patch is not valid YAML or not a Talos patch.</exception>
    public static (SourceFile? Config, string? NotJudged) Build(TalhelperNode node, TalhelperPatches patches)
    {
        var config = node.Config;
        var source = new DocumentSource(config.DisplayPath, config.Document.Index);
        var entry = new NodeOrigin(source, node.Start, node.Start);
        var versionText = config.Text("talosVersion") is { Length: > 0 } written ? (written.StartsWith('v') || written.StartsWith('$') ? written : "v" + written) : TalhelperConfig.DefaultTalosVersion;
        var version = TalosVersion.TryParse(versionText, out var parsed) ? parsed : TalosConfigFile.Defaults.Talos;

        var documents = GeneratedConfig.Documents(new GeneratedConfigInput
        {
            Talos = version,
            ControlPlane = node.IsControlPlane,
            ClusterName = config.Text("clusterName"),
            Endpoint = config.Text("endpoint"),
            KubernetesVersion = config.Text("kubernetesVersion"),
            InstallImage = "ghcr.io/siderolabs/installer:" + versionText,
            DnsDomain = config.Text("domain") is { Length: > 0 } domain ? domain : "cluster.local",
            PodSubnets = config.Texts("clusterPodNets"),
            ServiceSubnets = config.Texts("clusterSvcNets"),
            ApiServerCertSans = config.Texts("additionalApiServerCertSans"),
            MachineCertSans = config.Texts("additionalMachineCertSans"),
            AllowSchedulingOnControlPlanes = config.Flag("allowSchedulingOnMasters") || config.Flag("allowSchedulingOnControlPlanes"),
            Origin = entry,
        });

        var main = documents[0];
        var fields = new NodeFields(node, source, entry, main, version);
        fields.Apply(versionText);
        documents = TalosPatchApplier.Apply(documents, fields.GeneratedDocuments());

        foreach (var reference in node.Patches.Concat(config.Patches))
        {
            if (patches.Load(config, reference) is not { } file)
            {
                continue;
            }

            var patch = TalosPatchReader.Read(file);
            try
            {
                // Before talhelper v3.0.37 its generated documents joined after the patches, so a JSON 6902 patch met the
                // v1alpha1 document alone; the release is not known here, so it gets that one document.
                documents = patch.IsJsonPatch ? [TalosPatchApplier.Apply([documents[0]], patch)[0], .. documents.Skip(1)] : TalosPatchApplier.Apply(documents, patch);
            }
            catch (InputException ex)
            {
                return (null, $"{config.DisplayPath}:{node.Start.Line}: node {node.Hostname} was not judged as merged: a patch does not apply to it ({ex.OneLine})");
            }
        }

        return (MergedConfig.FromDocuments(config.DisplayPath, config.Document.File.FullPath, documents, new Dictionary<DocumentSource, SourceMark>()), null);
    }

    /// <summary>The node's talconfig.yaml fields written into its config, each value kept with its place in talconfig.yaml.</summary>
    private sealed class NodeFields(TalhelperNode node, DocumentSource source, NodeOrigin entry, ConfigMapping main, TalosVersion version)
    {
        private readonly bool _multidocNetwork = version > new TalosVersion(1, 11);

        public void Apply(string versionText)
        {
            var machine = Section(main, "machine");
            if (!_multidocNetwork)
            {
                var network = Section(machine, "network");
                if (node.Entry["ignoreHostname"]?.AsBool() != true && node.Entry["hostname"] is { } hostname)
                {
                    network["hostname"] = Value(hostname);
                }

                SetFrom(network, "nameservers", "nameservers");
                SetFrom(network, "disableSearchDomain", "disableSearchDomain");
                SetFrom(network, "interfaces", "networkInterfaces");
            }

            var install = Section(machine, "install");
            if (node.Entry["installDisk"] is { IsScalar: true, IsNull: false } disk)
            {
                install["disk"] = Value(disk);
            }

            if (node.Entry["installDiskSelector"] is { IsMapping: true } selector)
            {
                install["diskSelector"] = Value(selector);
            }

            SetFrom(machine, "disks", "machineDisks");
            if (node.Field("kernelModules") is { } modules)
            {
                machine["kernel"] = new ConfigMapping { Origin = NodeOrigin.Of(modules, source) }.With("modules", Value(modules));
            }

            SetFrom(machine, "nodeAnnotations", "nodeAnnotations");
            SetFrom(machine, "nodeLabels", "nodeLabels");
            SetFrom(machine, "nodeTaints", "nodeTaints");
            SetFrom(machine, "files", "machineFiles");
            var spec = node.Field("machineSpec");
            if (node.Field("schematic")?.At("customization", "extraKernelArgs") is { IsSequence: true } kernelArgs &&
                spec?["useUKI"]?.AsBool() != true && version < new TalosVersion(1, 12))
            {
                Append(install, "extraKernelArgs", kernelArgs.Items);
            }

            Append(machine, "certSANs", node.CertSans);
            install["image"] = InstallImage(spec, versionText);

            var cluster = Section(main, "cluster");
            if (node.Config.Root["cniConfig"] is { IsMapping: true } cni && version < new TalosVersion(1, 14))
            {
                Section(cluster, "network")["cni"] = Value(cni);
            }

            if (node.Config.Root["inlineManifests"] is { IsSequence: true, Items.Count: > 0 } manifests)
            {
                cluster["inlineManifests"] = Value(manifests);
            }
        }

        /// <summary>talhelper's generated documents, applied as one strategic-merge patch as its <c>AddMultiDocs</c> does.</summary>
        public TalosConfigPatch GeneratedDocuments()
        {
            var documents = new List<ConfigMapping>();
            if (_multidocNetwork)
            {
                var resolver = Document("ResolverConfig", null, node.Field("nameservers") ?? node.Field("disableSearchDomain"));
                if (node.Field("nameservers") is { IsSequence: true } nameservers)
                {
                    resolver["nameservers"] = new ConfigSequence(nameservers.Items.Select(n => new ConfigMapping { Origin = NodeOrigin.Of(n, source) }.With("address", Value(n))))
                    {
                        Origin = NodeOrigin.Of(nameservers, source),
                    };
                }

                if (node.Field("disableSearchDomain") is { } disable)
                {
                    resolver["searchDomains"] = new ConfigMapping { Origin = NodeOrigin.Of(disable, source) }.With("disableDefault", Value(disable));
                }

                if (resolver.Entries.Count > 2)
                {
                    documents.Add(resolver);
                }

                var hostname = Document("HostnameConfig", null, node.Entry["hostname"]);
                if (node.Entry["ignoreHostname"]?.AsBool() == true)
                {
                    hostname["auto"] = Text("stable");
                }
                else
                {
                    hostname["hostname"] = node.Entry["hostname"] is { } name ? Value(name) : Text(string.Empty);
                    hostname["auto"] = Text("off");
                }

                documents.Add(hostname);
            }

            if (node.Field("ingressFirewall") is { IsMapping: true } firewall)
            {
                var defaultAction = Document("NetworkDefaultActionConfig", null, firewall);
                // An omitted defaultAction is Go's zero value, accept, whatever the schema's default says.
                defaultAction["ingress"] = firewall["defaultAction"] is { IsScalar: true, IsNull: false } action ? Value(action) : Text("accept");
                documents.Add(defaultAction);
                foreach (var rule in firewall["rules"] is { IsSequence: true } rules ? rules.Items : default)
                {
                    documents.Add(Copy(Document("NetworkRuleConfig", rule["name"], rule), rule, "portSelector", "ingress"));
                }
            }

            foreach (var service in node.Field("extensionServices") is { IsSequence: true } services ? services.Items : default)
            {
                documents.Add(Copy(Document("ExtensionServiceConfig", service["name"], service), service, "configFiles", "environment"));
            }

            foreach (var volume in node.Field("volumes") is { IsSequence: true } volumes ? volumes.Items : default)
            {
                documents.Add(Copy(Document("VolumeConfig", volume["name"], volume), volume, "provisioning", "encryption"));
            }

            foreach (var volume in node.Field("userVolumes") is { IsSequence: true } volumes ? volumes.Items : default)
            {
                documents.Add(Copy(Document("UserVolumeConfig", volume["name"], volume), volume, "volumeType", "provisioning", "filesystem", "encryption"));
            }

            return TalosConfigPatch.StrategicMerge(node.Config.DisplayPath, [.. documents.Select(d => new TalosPatchDocument(TalosDocumentSelector.Of(d)!, d))]);
        }

        /// <summary>
        /// The installer talhelper writes (<c>installerURL</c>): <c>talosImageURL:version</c>, else the Image Factory's
        /// <c>{registry}/{mode}-installer[-secureboot]/{schematic ID}:{version}</c> (talhelper v3.0.24+).
        /// </summary>
        private ConfigScalar InstallImage(YamlNode? spec, string versionText)
        {
            if (node.Field("talosImageURL") is { IsScalar: true } url)
            {
                return new ConfigScalar(ScalarKind.String, url.Value + ":" + versionText) { Origin = NodeOrigin.Of(url, source) };
            }

            var registry = node.Config.Root.At("imageFactory", "registryURL")?.AsString() ?? "factory.talos.dev";
            var mode = spec?["mode"]?.AsString() ?? "metal";
            var secureBoot = spec?["secureboot"];
            var schematic = node.Field("schematic");
            var image = $"{registry}/{mode}-installer{(secureBoot?.AsBool() == true ? "-secureboot" : string.Empty)}/{(schematic is null ? EmptySchematicId : CustomSchematicId)}:{versionText}";
            var setBy = secureBoot?.AsBool() == true ? secureBoot : schematic;
            return new ConfigScalar(ScalarKind.String, image) { Origin = setBy is null ? entry : NodeOrigin.Of(setBy, source) };
        }

        private ConfigMapping Document(string kind, YamlNode? name, YamlNode? setBy)
        {
            var origin = setBy is null ? entry : NodeOrigin.Of(setBy, source);
            var document = new ConfigMapping { Origin = origin }
                .With("apiVersion", new ConfigScalar(ScalarKind.String, "v1alpha1") { Origin = origin })
                .With("kind", new ConfigScalar(ScalarKind.String, kind) { Origin = origin });
            if (name is not null)
            {
                document["name"] = Value(name);
            }

            return document;
        }

        private ConfigMapping Copy(ConfigMapping document, YamlNode from, params ReadOnlySpan<string> keys)
        {
            foreach (var key in keys)
            {
                if (from[key] is { IsNull: false } value)
                {
                    document[key] = Value(value);
                }
            }

            return document;
        }

        private void SetFrom(ConfigMapping target, string key, string field)
        {
            if (node.Field(field) is { } value)
            {
                target[key] = Value(value);
            }
        }

        private void Append(ConfigMapping target, string key, IReadOnlyList<YamlNode> items)
        {
            if (items.Count == 0)
            {
                return;
            }

            var existing = target[key] as ConfigSequence;
            target[key] = new ConfigSequence([.. existing?.Items ?? [], .. items.Select(Value)]) { Origin = existing?.Origin ?? NodeOrigin.Of(items[0], source) };
        }

        private ConfigMapping Section(ConfigMapping parent, string key)
        {
            if (parent[key] is ConfigMapping section)
            {
                return section;
            }

            section = new ConfigMapping { Origin = entry };
            parent[key] = section;
            return section;
        }

        private ConfigNode Value(YamlNode value) => ConfigNode.FromYaml(value, source);

        private ConfigScalar Text(string text) => new(ScalarKind.String, text) { Origin = entry };
    }
}

/// <summary>Builds a mapping in one expression.</summary>
file static class ConfigMappingExtensions
{
    public static ConfigMapping With(this ConfigMapping mapping, string key, ConfigNode value)
    {
        mapping[key] = value;
        return mapping;
    }
}
