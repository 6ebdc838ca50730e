using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>One provider entry of an EncryptionConfiguration: provider kind, key (or KMS provider) name and, for local ciphers, the key bytes.</summary>
public sealed record ConfiguredKey(StorageProvider Provider, string Name, byte[]? Secret)
{
    public string Label => Provider == StorageProvider.Identity ? "identity" : $"{Provider.ToName()}/{Name}";
}

/// <summary>
/// The providers the apiserver uses per resource, read from an EncryptionConfiguration (or a Talos v1.14
/// <c>KubeEtcdEncryptionConfig</c>), a Talos controlplane config or a <c>talosctl gen secrets</c> bundle.
/// The first provider of a resource writes; every listed key can read. Key bytes stay in memory only.
/// </summary>
public sealed class EncryptionKeyring
{
    private readonly List<(IReadOnlyList<string> Resources, IReadOnlyList<ConfiguredKey> Providers)> _entries;

    private EncryptionKeyring(string source, List<(IReadOnlyList<string> Resources, IReadOnlyList<ConfiguredKey> Providers)> entries)
    {
        Source = source;
        _entries = entries;
    }

    public string Source { get; }

    /// <summary>The providers of the first entry covering <paramref name="resource"/> (core group), or null when none does.</summary>
    public IReadOnlyList<ConfiguredKey>? ProvidersFor(string resource) =>
        _entries.FirstOrDefault(e => e.Resources.Any(r => r == resource || r == resource + "." || r is "*." or "*.*")).Providers;

    public static EncryptionKeyring FromEncryptionConfiguration(string path)
    {
        var file = LoadOne(path);
        foreach (var document in file.Documents)
        {
            var body = document.Kind switch
            {
                "EncryptionConfiguration" => document.Root,
                "KubeEtcdEncryptionConfig" => document.At("config"),
                _ => null,
            };
            if (body?["resources"] is { IsSequence: true } resources)
            {
                return new EncryptionKeyring(file.DisplayPath, [.. resources.Items.Select(r => ReadResourceEntry(file.DisplayPath, r))]);
            }
        }

        throw new InputException(file.DisplayPath, "no EncryptionConfiguration (or KubeEtcdEncryptionConfig) with resources in this file");
    }

    /// <summary>Talos renders secretbox (key2), then aescbc (key1), then identity, for secrets only.</summary>
    public static EncryptionKeyring FromTalosConfig(string path)
    {
        var file = LoadOne(path);
        var config = new ClusterModel([file]).TalosFiles.FirstOrDefault(t => t.IsComplete)
            ?? throw new InputException(file.DisplayPath, "not a Talos machine config (no v1alpha1 document)");
        var secrets = SecretsEncryptionSettings.Of(config);
        return FromTalosSecrets(file.DisplayPath, secrets.SecretboxSecrets.Select(s => s.Node).LastOrDefault(), secrets.AescbcSecrets.Select(s => s.Node).LastOrDefault());
    }

    public static EncryptionKeyring FromTalosSecretsBundle(string path)
    {
        var file = LoadOne(path);
        var bundle = file.Documents.FirstOrDefault(d => d.Class == DocumentClass.TalosSecretsBundle)
            ?? throw new InputException(file.DisplayPath, "not a talosctl gen secrets bundle");
        return FromTalosSecrets(file.DisplayPath, bundle.At("secrets", "secretboxencryptionsecret"), bundle.At("secrets", "aescbcencryptionsecret"));
    }

    private static EncryptionKeyring FromTalosSecrets(string file, YamlNode? secretbox, YamlNode? aescbc)
    {
        var providers = new List<ConfiguredKey>();
        if (secretbox?.AsString() is { Length: > 0 })
        {
            providers.Add(new ConfiguredKey(StorageProvider.Secretbox, "key2", DecodeKey(file, secretbox)));
        }

        if (aescbc?.AsString() is { Length: > 0 })
        {
            providers.Add(new ConfiguredKey(StorageProvider.AesCbc, "key1", DecodeKey(file, aescbc)));
        }

        providers.Add(new ConfiguredKey(StorageProvider.Identity, string.Empty, null));
        return new EncryptionKeyring(file, [(["secrets"], providers)]);
    }

    private static SourceFile LoadOne(string path) =>
        InputLoader.Load([path]) is [var file] ? file : throw new InputException(path, "a directory of several files: name the one file");

    private static (IReadOnlyList<string>, IReadOnlyList<ConfiguredKey>) ReadResourceEntry(string file, YamlNode entry)
    {
        var resources = entry["resources"]?.Items.Select(r => r.AsString() ?? string.Empty).ToList() ?? [];
        var providers = new List<ConfiguredKey>();
        foreach (var provider in entry["providers"]?.Items ?? [])
        {
            foreach (var (kindNode, settings) in provider.Entries)
            {
                providers.AddRange(ReadProvider(file, kindNode.Value, settings));
            }
        }

        if (providers.Count == 0)
        {
            throw new InputException(file, entry.Start.Line, "a resources entry lists no providers");
        }

        return (resources, providers);
    }

    private static IEnumerable<ConfiguredKey> ReadProvider(string file, string kind, YamlNode settings)
    {
        switch (kind)
        {
            case "identity":
                yield return new ConfiguredKey(StorageProvider.Identity, string.Empty, null);
                break;
            case "kms":
                var version = settings["apiVersion"]?.AsString() == "v2" ? StorageProvider.KmsV2 : StorageProvider.KmsV1;
                yield return new ConfiguredKey(version, settings["name"]?.AsString() ?? string.Empty, null);
                break;
            case "aescbc" or "aesgcm" or "secretbox":
                var provider = kind switch { "aescbc" => StorageProvider.AesCbc, "aesgcm" => StorageProvider.AesGcm, _ => StorageProvider.Secretbox };
                foreach (var key in settings["keys"]?.Items ?? [])
                {
                    var name = key["name"]?.AsString() ?? throw new InputException(file, key.Start.Line, $"a {kind} key has no name");
                    yield return new ConfiguredKey(provider, name, DecodeKey(file, key["secret"] ?? key));
                }

                break;
            default:
                throw new InputException(file, settings.Start.Line, $"unknown encryption provider '{kind}'");
        }
    }

    /// <summary>Base64 key bytes; errors name where the key is, never its value.</summary>
    private static byte[] DecodeKey(string file, YamlNode node)
    {
        try
        {
            var bytes = Convert.FromBase64String(node.AsString() ?? string.Empty);
            if (bytes.Length is 16 or 24 or 32)
            {
                return bytes;
            }
        }
        catch (FormatException)
        {
            throw new InputException(file, node.Start.Line, $"{node.Path} is not valid base64");
        }

        throw new InputException(file, node.Start.Line, $"{node.Path} is not a 16, 24 or 32-byte key");
    }
}
