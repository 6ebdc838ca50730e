namespace Talguard.Model.Talos;

/// <summary>
/// How a control plane encrypts Kubernetes Secrets in etcd: the keys Talos renders its EncryptionConfiguration from
/// (<c>cluster.secretboxEncryptionSecret</c>, <c>cluster.aescbcEncryptionSecret</c>) and, from v1.14, a whole
/// EncryptionConfiguration in a <c>KubeEtcdEncryptionConfig</c> document.
/// </summary>
public sealed class SecretsEncryptionSettings
{
    public const string DocumentKind = "KubeEtcdEncryptionConfig";

    private SecretsEncryptionSettings(TalosConfigFile file)
    {
        SecretboxSecrets = [.. SettingValue.InMain(file, "cluster", "secretboxEncryptionSecret").Where(IsSet)];
        AescbcSecrets = [.. SettingValue.InMain(file, "cluster", "aescbcEncryptionSecret").Where(IsSet)];
        EncryptionConfigurations = [.. SettingValue.InKind(file, DocumentKind, "config").Where(c => c.Node.IsMapping)];
        HasEncryptionDocument = file.OfKind(DocumentKind).Any();
    }

    /// <summary>The non-empty <c>cluster.secretboxEncryptionSecret</c> values (secret: never print them).</summary>
    public IReadOnlyList<SettingValue> SecretboxSecrets { get; }

    /// <summary>The non-empty <c>cluster.aescbcEncryptionSecret</c> values (secret: never print them).</summary>
    public IReadOnlyList<SettingValue> AescbcSecrets { get; }

    /// <summary>The EncryptionConfiguration bodies (<c>config</c>) of the file's <c>KubeEtcdEncryptionConfig</c> documents.</summary>
    public IReadOnlyList<SettingValue> EncryptionConfigurations { get; }

    /// <summary>True when the file brings its own EncryptionConfiguration document, whatever its body.</summary>
    public bool HasEncryptionDocument { get; }

    public static SecretsEncryptionSettings Of(TalosConfigFile file) => file.View(static f => new SecretsEncryptionSettings(f));

    private static bool IsSet(SettingValue value) => value.Node.AsString() is { Length: > 0 };
}
