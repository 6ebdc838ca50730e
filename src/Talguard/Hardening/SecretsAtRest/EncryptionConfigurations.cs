using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.SecretsAtRest;

/// <summary>An EncryptionConfiguration body: a manifest's root, or the <c>config</c> of a v1.14 KubeEtcdEncryptionConfig.</summary>
public sealed record EncryptionConfigurationBody(LocatedDocument Document, YamlNode Body)
{
    public YamlNode? Resources => Body["resources"] is { IsSequence: true } resources ? resources : null;
}

/// <summary>Finds every EncryptionConfiguration among the inputs.</summary>
public static class EncryptionConfigurations
{
    public const string ApiVersion = "apiserver.config.k8s.io/v1";
    public const string Kind = "EncryptionConfiguration";

    /// <summary>The EncryptionConfiguration manifests, then the <c>KubeEtcdEncryptionConfig</c> bodies of the Talos files the rule judges.</summary>
    public static IEnumerable<EncryptionConfigurationBody> In(ScanContext context)
    {
        foreach (var manifest in context.Model.ObjectsOfKind(Kind).Where(d => d.ApiVersion == ApiVersion && d.Root is { IsMapping: true }))
        {
            yield return new EncryptionConfigurationBody(manifest, manifest.Root!);
        }

        foreach (var (document, config) in context.Configs.SelectMany(file => SecretsEncryptionSettings.Of(file).EncryptionConfigurations))
        {
            yield return new EncryptionConfigurationBody(document, config);
        }
    }

    /// <summary>The provider name of a providers entry (<c>identity</c>, <c>kms</c>, <c>aescbc</c>, ...), or null.</summary>
    public static string? ProviderName(YamlNode provider) =>
        provider is { IsMapping: true, Entries.Count: > 0 } ? provider.Entries[0].Key.Value : null;

    /// <summary>True when a resources entry covers core-group Secrets: <c>secrets</c>, <c>*.</c> or <c>*.*</c>.</summary>
    public static bool CoversSecrets(YamlNode resourceEntry) =>
        resourceEntry["resources"] is { IsSequence: true } names
        && names.Items.Any(n => n.AsString() is "secrets" or "*." or "*.*");
}
