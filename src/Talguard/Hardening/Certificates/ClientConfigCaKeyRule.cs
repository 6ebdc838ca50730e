using System.Security.Cryptography.X509Certificates;
using Talguard.Findings;

namespace Talguard.Hardening.Certificates;

/// <summary>TG-CERT-007 (an extension of spec/rules.md, see docs/certificates.md): a CA private key in a talosconfig or kubeconfig.</summary>
public sealed class ClientConfigCaKeyRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CERT-007", Severity.Critical, Section.Certificates,
        "CA private key in a talosconfig or kubeconfig",
        "Talosconfigs and kubeconfigs are copied to laptops and CI systems. One holding a CA's private key (as its client key, or a CA certificate used as the client) lets whoever reads it mint any credential: os:admin for Talos, system:masters for Kubernetes.",
        "Replace the file with one holding a short-lived client certificate (talosctl config new, talosctl kubeconfig), then rotate the exposed CA with talosctl rotate-ca.",
        inputs: RuleInputs.Credentials,
        controls: RuleControls.Of("", "3.6.1.3 3.6.1.4", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        var inventory = context.Shared(model => new CertificateInventory(model));
        var caKeys = inventory.All.Where(f => IsCa(f.Certificate))
            .Select(f => PrivateKeyInfo.PublicKey(f.Certificate))
            .ToList();
        foreach (var key in inventory.Keys.Where(k => k.Holder == KeyHolder.ClientConfig))
        {
            var holdsCa = key.Owner is { } owner && IsCa(owner.Certificate)
                || key.PublicKey is { } publicKey && caKeys.Exists(ca => ca.AsSpan().SequenceEqual(publicKey));
            if (holdsCa)
            {
                // The message names the place only: the key material never leaves the file.
                CertificateInventory.Report(context, Definition, key.Place, key.Document, key.Node, $"{key.Where} is the private key of a certificate authority (value redacted)");
            }
        }
    }

    internal static bool IsCa(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true };
}
