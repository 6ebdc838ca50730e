using Talguard.Model;

namespace Talguard.Credentials;

/// <summary>
/// The CA pairs a client certificate is signed with, from a <c>talosctl gen secrets</c> bundle (<c>certs.os</c>,
/// <c>certs.k8s</c>) or a control-plane machine config (<c>machine.ca</c>, <c>cluster.ca</c>, which also names the
/// cluster and its API server endpoint).
/// </summary>
internal sealed class ClusterSecrets
{
    private readonly LocatedDocument _document;
    private readonly bool _isBundle;

    private ClusterSecrets(string file, LocatedDocument document, bool isBundle)
    {
        File = file;
        _document = document;
        _isBundle = isBundle;
    }

    public string File { get; }

    /// <summary><c>cluster.controlPlane.endpoint</c> of a machine config; a bundle does not know it.</summary>
    public string? ApiServerEndpoint => _isBundle ? null : _document.At("cluster", "controlPlane", "endpoint")?.AsString();

    /// <summary><c>cluster.clusterName</c> of a machine config; a bundle does not know it.</summary>
    public string? ClusterName => _isBundle ? null : _document.At("cluster", "clusterName")?.AsString();

    public static ClusterSecrets Load(string path)
    {
        var file = InputLoader.Load([path]) is [var single] ? single : throw new InputException(path, "a directory: name the secrets file");
        if (file.Documents.FirstOrDefault(d => d.Class == DocumentClass.TalosSecretsBundle) is { } bundle)
        {
            return new ClusterSecrets(file.DisplayPath, bundle, isBundle: true);
        }

        return file.MachineConfig is { } config
            ? new ClusterSecrets(file.DisplayPath, config, isBundle: false)
            : throw new InputException(file.DisplayPath, "not a talosctl gen secrets bundle (no certs.os) nor a control-plane machine config");
    }

    /// <summary>The Talos API (os) CA.</summary>
    public SigningAuthority TalosAuthority() => _isBundle ? Authority("certs", "os") : Authority("machine", "ca");

    /// <summary>The Kubernetes CA.</summary>
    public SigningAuthority KubernetesAuthority() => _isBundle ? Authority("certs", "k8s") : Authority("cluster", "ca");

    private SigningAuthority Authority(string section, string entry)
    {
        var where = section + "." + entry;
        var pair = _document.At(section, entry);
        var line = (pair ?? _document.At(section) ?? _document.Root)?.Start.Line ?? 0;
        if (pair?["crt"] is not { } crt || crt.AsString() is not { Length: > 0 })
        {
            throw new InputException(File, line, $"{where}.crt is missing: no CA certificate to sign with");
        }

        if (pair["key"] is not { } key || key.AsString() is not { Length: > 0 })
        {
            var hint = _isBundle ? string.Empty : " (a worker config carries no CA key; use the secrets bundle or a control-plane config)";
            throw new InputException(File, line, $"{where}.key is missing: the CA's private key is needed to sign{hint}");
        }

        return SigningAuthority.Read(File, where, crt, key);
    }
}
